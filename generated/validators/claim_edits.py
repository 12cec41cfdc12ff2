# Generated from specs/claim_edits.rules by `codespec build`. DO NOT EDIT.
# source-sha256: 841914abbb896bc90bd1559d4d5066f52a2d028f67672b2a1e06f87c01023b30
"""Validators for specs/claim_edits.rules: NCCI edits, modifiers, place of service and payer policies (13 rules)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from compiler.runtime import builtins as fn
from compiler.runtime import fields, logic, results
from compiler.runtime.context import Context
from compiler.runtime.policies import Policies
from compiler.runtime.tables import all_in_force_from
from generated.tables.claim_edits__mue import TABLE as MUE
from generated.tables.claim_edits__ptp import TABLE as PTP
from generated.tables.claim_edits__initial_rank import TABLE as INITIAL_RANK
from generated.tables.claim_edits__modifier_reference import TABLE as MODIFIER_REFERENCE

SPEC = "specs/claim_edits.rules"
TABLES = (MUE, PTP, INITIAL_RANK, MODIFIER_REFERENCE, )
TABLES_IN_FORCE_FROM = all_in_force_from(TABLES)
POLICIES = Policies({})
OWN_NOTES = (frozenset({"initial_rank", "modifier_reference", "mue", "ptp"}), frozenset({"saline_flush_not_separately_paid", "site_of_care_review"}))  # the tables and dated rules its reports may say were not checked

# Codes this spec names, in the author's words.
CODES = {
    "96369": "SC infusion, first hour",
    "99202": "new patient office visit, lowest level",
    "99211": "office visit, may not need a physician",
    "99499": "unlisted evaluation and management service",
    "G0463": "hospital outpatient clinic visit",
    "J7050": "normal saline infusion, up to 250 cc",
}

VALID_MODIFIERS = frozenset({"1P", "22", "23", "24", "25", "26", "27", "2P", "32", "33", "3P", "47", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "62", "63", "66", "73", "74", "76", "77", "78", "79", "80", "81", "82", "8P", "90", "91", "92", "93", "95", "96", "97", "99", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "AA", "AD", "AE", "AF", "AG", "AH", "AI", "AJ", "AK", "AM", "AO", "AP", "AQ", "AR", "AS", "AT", "AU", "AV", "AW", "AX", "AY", "AZ", "BA", "BL", "BO", "BP", "BR", "BU", "CA", "CB", "CC", "CD", "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CL", "CM", "CN", "CO", "CP", "CQ", "CR", "CS", "CT", "DA", "E1", "E2", "E3", "E4", "EA", "EB", "EC", "ED", "EE", "EJ", "EM", "EP", "ER", "ET", "EX", "EY", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "FA", "FB", "FC", "FP", "FQ", "FR", "FS", "FT", "FX", "FY", "G0", "G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8", "G9", "GA", "GB", "GC", "GD", "GE", "GF", "GG", "GH", "GJ", "GK", "GL", "GM", "GN", "GO", "GP", "GQ", "GR", "GS", "GT", "GU", "GV", "GW", "GX", "GY", "GZ", "H9", "HA", "HB", "HC", "HD", "HE", "HF", "HG", "HH", "HI", "HJ", "HK", "HL", "HM", "HN", "HO", "HP", "HQ", "HR", "HS", "HT", "HU", "HV", "HW", "HX", "HY", "HZ", "J1", "J2", "J3", "J4", "JA", "JB", "JC", "JD", "JE", "JF", "JG", "JW", "JZ", "K0", "K1", "K2", "K3", "K4", "KA", "KB", "KC", "KD", "KE", "KF", "KG", "KH", "KI", "KJ", "KK", "KL", "KM", "KN", "KO", "KP", "KQ", "KR", "KS", "KT", "KU", "KV", "KW", "KX", "KY", "KZ", "L1", "LC", "LD", "LL", "LM", "LR", "LS", "LT", "M2", "MA", "MB", "MC", "MD", "ME", "MF", "MG", "MH", "MS", "NB", "NR", "NU", "P1", "P2", "P3", "P4", "P5", "P6", "PA", "PB", "PC", "PD", "PI", "PL", "PM", "PN", "PO", "PS", "PT", "Q0", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "QA", "QB", "QC", "QD", "QE", "QF", "QG", "QH", "QJ", "QK", "QL", "QM", "QN", "QP", "QQ", "QR", "QS", "QT", "QW", "QX", "QY", "QZ", "RA", "RB", "RC", "RD", "RE", "RI", "RR", "RT", "SA", "SB", "SC", "SD", "SE", "SF", "SG", "SH", "SJ", "SK", "SL", "SM", "SN", "SQ", "SS", "ST", "SU", "SV", "SW", "SY", "SZ", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "TA", "TB", "TC", "TD", "TE", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TP", "TQ", "TR", "TS", "TT", "TU", "TV", "TW", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "UA", "UB", "UC", "UD", "UE", "UF", "UG", "UH", "UJ", "UK", "UN", "UP", "UQ", "UR", "US", "V1", "V2", "V3", "V5", "V6", "V7", "V8", "V9", "VM", "VP", "X1", "X2", "X3", "X4", "X5", "XE", "XP", "XS", "XU", "ZA", "ZB", "ZC"})  # specs/claim_edits.rules:19:1 (column modifier of modifier_reference)
NCCI_BYPASS = frozenset({"24", "27", "57", "58", "59", "78", "79", "E1", "E2", "E3", "E4", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "FA", "LC", "LD", "LM", "LT", "RC", "RI", "RT", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "TA", "XE", "XP", "XS", "XU"})  # specs/claim_edits.rules:21:1
EM_BYPASS = frozenset({"25"})  # specs/claim_edits.rules:23:1
DISTINCT_SERVICE = frozenset({"59", "XE", "XP", "XS", "XU"})  # specs/claim_edits.rules:24:1
EM_CODES = frozenset({"99202", "99203", "99204", "99205", "99206", "99207", "99208", "99209", "99210", "99211", "99212", "99213", "99214", "99215", "99216", "99217", "99218", "99219", "99220", "99221", "99222", "99223", "99224", "99225", "99226", "99227", "99228", "99229", "99230", "99231", "99232", "99233", "99234", "99235", "99236", "99237", "99238", "99239", "99240", "99241", "99242", "99243", "99244", "99245", "99246", "99247", "99248", "99249", "99250", "99251", "99252", "99253", "99254", "99255", "99256", "99257", "99258", "99259", "99260", "99261", "99262", "99263", "99264", "99265", "99266", "99267", "99268", "99269", "99270", "99271", "99272", "99273", "99274", "99275", "99276", "99277", "99278", "99279", "99280", "99281", "99282", "99283", "99284", "99285", "99286", "99287", "99288", "99289", "99290", "99291", "99292", "99293", "99294", "99295", "99296", "99297", "99298", "99299", "99300", "99301", "99302", "99303", "99304", "99305", "99306", "99307", "99308", "99309", "99310", "99311", "99312", "99313", "99314", "99315", "99316", "99317", "99318", "99319", "99320", "99321", "99322", "99323", "99324", "99325", "99326", "99327", "99328", "99329", "99330", "99331", "99332", "99333", "99334", "99335", "99336", "99337", "99338", "99339", "99340", "99341", "99342", "99343", "99344", "99345", "99346", "99347", "99348", "99349", "99350", "99351", "99352", "99353", "99354", "99355", "99356", "99357", "99358", "99359", "99360", "99361", "99362", "99363", "99364", "99365", "99366", "99367", "99368", "99369", "99370", "99371", "99372", "99373", "99374", "99375", "99376", "99377", "99378", "99379", "99380", "99381", "99382", "99383", "99384", "99385", "99386", "99387", "99388", "99389", "99390", "99391", "99392", "99393", "99394", "99395", "99396", "99397", "99398", "99399", "99400", "99401", "99402", "99403", "99404", "99405", "99406", "99407", "99408", "99409", "99410", "99411", "99412", "99413", "99414", "99415", "99416", "99417", "99418", "99419", "99420", "99421", "99422", "99423", "99424", "99425", "99426", "99427", "99428", "99429", "99430", "99431", "99432", "99433", "99434", "99435", "99436", "99437", "99438", "99439", "99440", "99441", "99442", "99443", "99444", "99445", "99446", "99447", "99448", "99449", "99450", "99451", "99452", "99453", "99454", "99455", "99456", "99457", "99458", "99459", "99460", "99461", "99462", "99463", "99464", "99465", "99466", "99467", "99468", "99469", "99470", "99471", "99472", "99473", "99474", "99475", "99476", "99477", "99478", "99479", "99480", "99481", "99482", "99483", "99484", "99485", "99486", "99487", "99488", "99489", "99490", "99491", "99492", "99493", "99494", "99495", "99496", "99497", "99498", "99499", "G0463"})  # specs/claim_edits.rules:26:1
INITIAL_SERVICES = frozenset({"96360", "96365", "96369", "96374", "96409", "96413"})  # specs/claim_edits.rules:27:1
DRUG_ADMINISTRATION = frozenset({"96360", "96361", "96362", "96363", "96364", "96365", "96366", "96367", "96368", "96369", "96370", "96371", "96372", "96373", "96374", "96375", "96376", "96377", "96378", "96379", "96401", "96402", "96409", "96410", "96411", "96412", "96413", "96414", "96415", "96416", "96417", "96418", "96419", "96420", "96421", "96422", "96423", "96424", "96425", "96521", "96522", "96523"})  # specs/claim_edits.rules:28:1
INJECTION_INFUSION = frozenset({"96360", "96361", "96362", "96363", "96364", "96365", "96366", "96367", "96368", "96369", "96370", "96371", "96372", "96373", "96374", "96375", "96376", "96377", "96378", "96379"})  # specs/claim_edits.rules:30:1
MEDICARE_HOSPITAL_POS = frozenset({"19", "21", "22", "23"})  # specs/claim_edits.rules:31:1
REGENCE_FACILITY_POS = frozenset({"19", "21", "22", "23", "24", "25", "31", "32", "34", "51", "52", "54", "61", "62", "65"})  # specs/claim_edits.rules:32:1
SC_INFUSION_CODES = frozenset({"96369", "96370", "96371"})  # specs/claim_edits.rules:33:1
SC_REVENUE_CODES = frozenset({"0260", "0450", "0510", "0760", "0761"})  # specs/claim_edits.rules:34:1
STANDARD_SUPPLIES = frozenset({"A4215"})  # specs/claim_edits.rules:35:1
IMMUNE_GLOBULINS = frozenset({"90284", "J1551", "J1555", "J1558", "J1559", "J1575"})  # specs/claim_edits.rules:36:1
SET_15 = frozenset({"amerihealth", "bcbs_ibc"})  # literal in a rule
SET_16 = frozenset({"bcbs_regence"})  # literal in a rule
SET_17 = frozenset({"uhc"})  # literal in a rule
SET_18 = frozenset({"aetna"})  # literal in a rule
SET_19 = frozenset({"cigna"})  # literal in a rule
SET_20 = frozenset({"90284", "96369", "96370", "96371", "A4215", "J1551", "J1555", "J1558", "J1559", "J1575", "J7050"})  # the codes of a run of rules

# Each rule's id, severity, spec line, message, report values and inputs: what its findings carry
# (and, for a dated version, the periods that say whether it is in force).
META_MUE_EXCEEDED = results.RuleMeta(
    "mue_exceeded",
    "error",
    "specs/claim_edits.rules:38:1",
    "{code}: {billed_units} unit(s) billed, MUE {mue} (MAI {mai}); all units denied",
    (("code", None), ("billed_units", None), ("mue", None), ("mai", None), ("appealable", None), ),
    ("encounter.setting", "line.code", "line.units", ),
)
META_PTP_NOT_ALLOWED = results.RuleMeta(
    "ptp_not_allowed",
    "error",
    "specs/claim_edits.rules:49:1",
    "{code} is column 2 of an NCCI edit with {column_1}; modifier indicator 0: denied whatever the modifier",
    (("code", None), ("column_1", None), ("modifier_indicator", None), ),
    (),
)
META_PTP_MODIFIER_REQUIRED = results.RuleMeta(
    "ptp_modifier_required",
    "error",
    "specs/claim_edits.rules:57:1",
    "{code} is column 2 of an NCCI edit with {column_1}; append {needed} if the service was separate",
    (("code", None), ("column_1", None), ("modifier_indicator", None), ("needed", None), ),
    ("line.code", "line.modifiers", ),
)
META_MULTIPLE_INITIAL_SERVICES = results.RuleMeta(
    "multiple_initial_services",
    "error",
    "specs/claim_edits.rules:68:1",
    "{code} is a second initial service in this encounter (primary is line {primary_line}); append 59, XE, XS, XP or XU if separate",
    (("code", None), ("primary_line", None), ),
    ("line.code", "line.line", "line.modifiers", ),
)
META_INVALID_MODIFIER = results.RuleMeta(
    "invalid_modifier",
    "error",
    "specs/claim_edits.rules:80:1",
    "modifier(s) {modifiers} do not exist",
    (("code", None), ("modifiers", None), ),
    ("line.modifiers", ),
)
META_MODIFIER_59_WITH_X_MODIFIER__FOR_AMERIHEALTH_BCBS_IBC = results.RuleMeta(
    "modifier_59_with_x_modifier",
    "error",
    "specs/claim_edits.rules:87:1",
    "{code} carries more than one of 59/XE/XS/XP/XU; the plan accepts one",
    (("code", None), ),
    ("line.modifiers", ),
)
META_PHYSICIAN_ADMIN_IN_FACILITY_POS = results.RuleMeta(
    "physician_admin_in_facility_pos",
    "error",
    "specs/claim_edits.rules:96:1",
    "{code} is not reported by the physician in a facility setting (place of service {pos})",
    (("code", None), ("pos", None), ),
    ("encounter.setting", "line.code", "encounter.place_of_service", ),
)
META_PHYSICIAN_ADMIN_IN_FACILITY_POS__FOR_BCBS_REGENCE = results.RuleMeta(
    "physician_admin_in_facility_pos",
    "error",
    "specs/claim_edits.rules:105:1",
    "{code} is not reported by the physician in a facility setting (place of service {pos})",
    (("code", None), ("pos", None), ),
    ("encounter.setting", "line.code", "encounter.place_of_service", "encounter.date_of_service", ),
)
META_REVENUE_CODE_MISSING = results.RuleMeta(
    "revenue_code_missing",
    "error",
    "specs/claim_edits.rules:110:1",
    "{code}: facility line without a revenue code",
    (("code", None), ),
    ("encounter.setting", "line.revenue_code", ),
)
META_REVENUE_CODE_UNEXPECTED = results.RuleMeta(
    "revenue_code_unexpected",
    "warning",
    "specs/claim_edits.rules:117:1",
    "{code} on revenue code {revenue_code}; expected one of {expected}",
    (("code", None), ("revenue_code", None), ("expected", None), ),
    ("encounter.setting", "line.code", "line.revenue_code", ),
)
META_SUPPLY_INCLUDED_IN_ADMIN__FOR_UHC = results.RuleMeta(
    "supply_included_in_admin",
    "error",
    "specs/claim_edits.rules:124:1",
    "{code} is a standard supply included in the drug administration service",
    (("code", None), ),
    ("encounter.setting", "line.code", ),
)
META_SITE_OF_CARE_REVIEW__FOR_AETNA__FROM_2017_01_01 = results.RuleMeta(
    "site_of_care_review",
    "info",
    "specs/claim_edits.rules:132:1",
    "{code} given in a hospital outpatient setting: Aetna reviews the site of care",
    (("code", None), ),
    ("encounter.setting", "line.code", "encounter.type_of_bill", ),
    period=(date(2017, 1, 1), None),  # this version's period
    periods=((date(2017, 1, 1), None), (None, date(2016, 12, 31)), ),  # every version's
)
META_SALINE_FLUSH_NOT_SEPARATELY_PAID__FOR_CIGNA__FROM_2017_10_21 = results.RuleMeta(
    "saline_flush_not_separately_paid",
    "warning",
    "specs/claim_edits.rules:149:1",
    "{code} with a drug administration: Cigna does not pay saline used to flush or dilute separately",
    (("code", None), ),
    ("encounter.setting", "line.code", ),
    period=(date(2017, 10, 21), None),  # this version's period
    periods=((date(2017, 10, 21), None), (None, date(2017, 10, 20)), ),  # every version's
)


def validate(record, policies: Policies = POLICIES, ctx: Context | None = None) -> results.Report:
    """Run every rule of specs/claim_edits.rules on one encounter record (`ctx`: this record's context, shared with other specs).

    Each rule's statements follow a comment naming its spec line; conditions of its `where` that do
    not depend on the line (or episode) are decided once per encounter, as `applies_<rule>`.
    """
    if ctx is None:
        ctx = Context(record, policies)
    if ctx.earliest_date < TABLES_IN_FORCE_FROM:  # some table has no version in force on some date of the record
        ctx.note_tables(TABLES)
    findings: list = []
    derived: dict = {}
    for enc in ctx.encounter_numbers:
        summary_pair_edits_ptp_date_of_service = fn.pair_edits(ctx, PTP, "date_of_service")  # the summary the functions below read, once per encounter
        applies_modifier_59_with_x_modifier__for_amerihealth_bcbs_ibc = (record.payer in SET_15)  # specs/claim_edits.rules:87:1
        applies_physician_admin_in_facility_pos = ((record.payer not in SET_16) and (record.setting == "physician"))  # specs/claim_edits.rules:96:1
        applies_physician_admin_in_facility_pos__for_bcbs_regence = ((record.payer in SET_16) and (record.setting == "physician"))  # specs/claim_edits.rules:105:1
        applies_revenue_code_missing = (record.setting == "facility")  # specs/claim_edits.rules:110:1
        applies_revenue_code_unexpected = (record.setting == "facility")  # specs/claim_edits.rules:117:1
        applies_supply_included_in_admin__for_uhc = ((record.payer in SET_17) and (record.setting == "physician"))  # specs/claim_edits.rules:124:1
        applies_site_of_care_review__for_aetna__from_2017_01_01 = ((record.payer in SET_18) and (record.setting == "facility"))  # specs/claim_edits.rules:132:1
        applies_saline_flush_not_separately_paid__for_cigna__from_2017_10_21 = ((record.payer in SET_19) and (record.setting == "facility"))  # specs/claim_edits.rules:149:1
        for line in ctx.lines_by_enc.get(enc, ()):
            # specs/claim_edits.rules:38:1  rule mue_exceeded  facts: F-MUE-01, F-MUE-02, F-MUE-03, F-MUE-MAI, F-MUE-ALL, F-MUE-DOS
            # Units over the CMS Medically Unlikely Edit: all units of the code are denied.
            mue_row = MUE.find(record.payer, (record.setting, line.code), ctx.line_dates[line.index])
            limit = (None if mue_row is None else mue_row.mue)
            if (limit is not None):
                mai = mue_row.mai
                verdict = (((mai == 1) and (line.units > limit)) or ((mai != 1) and (ctx.units_by_day[ctx.line_dates[line.index]].get(line.code, 0) > limit)))
                if verdict:
                    findings.append(results.finding(META_MUE_EXCEEDED, {"code": line.code, "billed_units": ctx.units_by_day[ctx.line_dates[line.index]].get(line.code, 0), "mue": limit, "mai": mai, "appealable": (mai == 3)}, line.index))
            # specs/claim_edits.rules:49:1  rule ptp_not_allowed  facts: F-PTP-04, F-PTP-05, F-PTP-MI
            # Column-2 code of an NCCI pair with modifier indicator 0: no modifier bypasses it.
            edit = summary_pair_edits_ptp_date_of_service.get(line.index)
            if (edit is not None):
                verdict = (None if edit.modifier_indicator is None else edit.modifier_indicator == 0)
                if verdict is None:
                    findings.append(results.incomplete(META_PTP_NOT_ALLOWED, line.index, None, record, line))
                elif verdict:
                    findings.append(results.finding(META_PTP_NOT_ALLOWED, {"code": line.code, "column_1": edit.column_1, "modifier_indicator": edit.modifier_indicator}, line.index))
            # specs/claim_edits.rules:57:1  rule ptp_modifier_required  facts: F-PTP-01, F-PTP-03, F-PTP-MODS, F-MOD-09
            # Column-2 code of an NCCI pair with modifier indicator 1 needs an NCCI-associated modifier.
            # edit: as bound above
            if (edit is not None):
                verdict = ((((line.code in EM_CODES) and EM_BYPASS.isdisjoint(line.modifiers)) or ((line.code not in EM_CODES) and NCCI_BYPASS.isdisjoint(line.modifiers))) and (None if edit.modifier_indicator is None else edit.modifier_indicator == 1))
                if verdict is None:
                    findings.append(results.incomplete(META_PTP_MODIFIER_REQUIRED, line.index, None, record, line))
                elif verdict:
                    findings.append(results.finding(META_PTP_MODIFIER_REQUIRED, {"code": line.code, "column_1": edit.column_1, "modifier_indicator": edit.modifier_indicator, "needed": ("25" if (line.code in EM_CODES) else "59 or XE/XS/XP/XU")}, line.index))
            # specs/claim_edits.rules:68:1  rule multiple_initial_services  facts: F-ENC-01, F-ENC-03
            # One initial drug-administration service per encounter unless a distinct-service modifier says otherwise.
            if (line.code in INITIAL_SERVICES):
                if (fn.total_in(ctx.line_counts_by_enc[line.encounter], INITIAL_SERVICES) > ctx.line_counts_by_enc[line.encounter].get(line.code, 0)):
                    verdict = (DISTINCT_SERVICE.isdisjoint(line.modifiers) and logic.ne(line.line, fn.primary_line(ctx, line, INITIAL_SERVICES, INITIAL_RANK)))
                    if verdict is None:
                        findings.append(results.incomplete(META_MULTIPLE_INITIAL_SERVICES, line.index, None, record, line))
                    elif verdict:
                        findings.append(results.finding(META_MULTIPLE_INITIAL_SERVICES, {"code": line.code, "primary_line": fn.primary_line(ctx, line, INITIAL_SERVICES, INITIAL_RANK)}, line.index))
            # specs/claim_edits.rules:80:1  rule invalid_modifier  facts: F-MOD-07
            # Modifier not in the CPT/HCPCS modifier list.
            verdict = (not VALID_MODIFIERS.issuperset(line.modifiers))
            if verdict:
                findings.append(results.finding(META_INVALID_MODIFIER, {"code": line.code, "modifiers": fn.not_in(line.modifiers, VALID_MODIFIERS)}, line.index))
            # specs/claim_edits.rules:87:1  rule modifier_59_with_x_modifier__for_amerihealth_bcbs_ibc  facts: F-MOD-03, F-PAY-IBC  payers: amerihealth, bcbs_ibc only
            # Independence Blue Cross and AmeriHealth: at most one of 59, XE, XS, XP, XU on a line.
            if applies_modifier_59_with_x_modifier__for_amerihealth_bcbs_ibc:
                verdict = (fn.count_of(line.modifiers, DISTINCT_SERVICE) > 1)
                if verdict:
                    findings.append(results.finding(META_MODIFIER_59_WITH_X_MODIFIER__FOR_AMERIHEALTH_BCBS_IBC, {"code": line.code}, line.index))
            if line.code in DRUG_ADMINISTRATION:  # the codes the next 2 rules check
                # specs/claim_edits.rules:96:1  rule physician_admin_in_facility_pos  facts: F-POS-01, F-POS-02  payers: all but bcbs_regence
                # Drug administration billed by a physician in a facility place of service.
                # overridden for bcbs_regence at specs/claim_edits.rules:105:1: Regence Policy 109 (from 2024-11-01): its own list of facility places of service.
                if applies_physician_admin_in_facility_pos:
                    verdict = (None if record.place_of_service is None else record.place_of_service in MEDICARE_HOSPITAL_POS)
                    if verdict is None:
                        findings.append(results.incomplete(META_PHYSICIAN_ADMIN_IN_FACILITY_POS, line.index, None, record, line))
                    elif verdict:
                        findings.append(results.finding(META_PHYSICIAN_ADMIN_IN_FACILITY_POS, {"code": line.code, "pos": record.place_of_service}, line.index))
                # specs/claim_edits.rules:105:1  rule physician_admin_in_facility_pos__for_bcbs_regence  facts: F-POS-03, F-PAY-REGENCE  payers: bcbs_regence only
                # Regence Policy 109 (from 2024-11-01): its own list of facility places of service.
                if applies_physician_admin_in_facility_pos__for_bcbs_regence:
                    verdict = (None if record.place_of_service is None else record.place_of_service in (REGENCE_FACILITY_POS if (record.date_of_service >= date(2024, 11, 1)) else MEDICARE_HOSPITAL_POS))
                    if verdict is None:
                        findings.append(results.incomplete(META_PHYSICIAN_ADMIN_IN_FACILITY_POS__FOR_BCBS_REGENCE, line.index, None, record, line))
                    elif verdict:
                        findings.append(results.finding(META_PHYSICIAN_ADMIN_IN_FACILITY_POS__FOR_BCBS_REGENCE, {"code": line.code, "pos": record.place_of_service}, line.index))
            # specs/claim_edits.rules:110:1  rule revenue_code_missing  facts: F-REV-04
            # Every facility line needs a revenue code.
            if applies_revenue_code_missing:
                verdict = (line.revenue_code is None)
                if verdict:
                    findings.append(results.finding(META_REVENUE_CODE_MISSING, {"code": line.code}, line.index))
            if line.code in SET_20:  # the codes the next 4 rules check
                # specs/claim_edits.rules:117:1  rule revenue_code_unexpected  facts: F-REV-01, F-REV-03
                # 96369-96371 on a revenue code outside the configured set.
                if applies_revenue_code_unexpected and (line.code in SC_INFUSION_CODES) and (line.revenue_code is not None):
                    verdict = (line.revenue_code not in SC_REVENUE_CODES)
                    if verdict:
                        findings.append(results.finding(META_REVENUE_CODE_UNEXPECTED, {"code": line.code, "revenue_code": line.revenue_code, "expected": SC_REVENUE_CODES}, line.index))
                # specs/claim_edits.rules:124:1  rule supply_included_in_admin__for_uhc  facts: F-POS-05, F-ENC-05, F-PAY-UHC  payers: uhc only
                # UnitedHealthcare: standard supplies are included in drug administration.
                if applies_supply_included_in_admin__for_uhc and (line.code in STANDARD_SUPPLIES):
                    verdict = (fn.total_in(ctx.line_counts_by_day[ctx.line_dates[line.index]], INJECTION_INFUSION) > 0)
                    if verdict:
                        findings.append(results.finding(META_SUPPLY_INCLUDED_IN_ADMIN__FOR_UHC, {"code": line.code}, line.index))
                # specs/claim_edits.rules:132:1  rule site_of_care_review__for_aetna__from_2017_01_01  facts: F-PAY-AETNA  payers: aetna only
                # Aetna: hospital-outpatient immune globulin administration needs site-of-care review.
                if applies_site_of_care_review__for_aetna__from_2017_01_01 and (line.code in IMMUNE_GLOBULINS):
                    applies = (logic.or3(fn.starts_with(record.type_of_bill, "013"), fn.starts_with(record.type_of_bill, "13"), fn.starts_with(record.type_of_bill, "085"), fn.starts_with(record.type_of_bill, "85")))
                    if applies is not False:
                        if ctx.rule_in_force(META_SITE_OF_CARE_REVIEW__FOR_AETNA__FROM_2017_01_01, ctx.line_dates[line.index]):
                            verdict = (fn.total_in(ctx.line_counts_by_enc[line.encounter], DRUG_ADMINISTRATION) >= 0)
                            if applies is None and verdict is not False:
                                findings.append(results.incomplete(META_SITE_OF_CARE_REVIEW__FOR_AETNA__FROM_2017_01_01, line.index, None, record, line))
                            elif verdict:
                                findings.append(results.finding(META_SITE_OF_CARE_REVIEW__FOR_AETNA__FROM_2017_01_01, {"code": line.code}, line.index))
                # specs/claim_edits.rules:149:1  rule saline_flush_not_separately_paid__for_cigna__from_2017_10_21  facts: F-PAY-CIGNA  payers: cigna only
                # Cigna: saline for flush or dilution (J7050) is not paid separately.
                if applies_saline_flush_not_separately_paid__for_cigna__from_2017_10_21 and (line.code == "J7050"):
                    if ctx.rule_in_force(META_SALINE_FLUSH_NOT_SEPARATELY_PAID__FOR_CIGNA__FROM_2017_10_21, ctx.line_dates[line.index]):
                        verdict = (fn.total_in(ctx.line_counts_by_enc[line.encounter], DRUG_ADMINISTRATION) > 0)
                        if verdict:
                            findings.append(results.finding(META_SALINE_FLUSH_NOT_SEPARATELY_PAID__FOR_CIGNA__FROM_2017_10_21, {"code": line.code}, line.index))
    return results.Report(findings, derived, ctx.tables_out_of_force, ctx.rules_out_of_force, OWN_NOTES)
