"""The funeral programs declared into the benefits kernel: one-off payments to the family, paid by the payroll's
one-off path (once, in the first payroll of their month or after) after a case the 身后一件事 service opens:

- 丧葬补助 (funeral_subsidy): for a deceased recipient of a special-group program (低保、特困 … as the 惠民殡葬 rule
  lists them); the amount is a local standard item (示例 values in funeral/data/standards_demo.csv);
- 惠民殡葬异地火化报销 (funeral_reimburse): the waiver of a death cremated elsewhere, reimbursed to the family — the
  amount is the waiver computed item by item (funeral.policy.waiver), confirmed with that reason;
- 生态安葬奖补 (eco_burial_reward): the reward for sea, tree, flower or lawn burial (民发〔2012〕211号; 《殡葬管理条例》
  第三条 promotes it); a local standard item.
No investigation, data check or public notice: the death certificate and the cremation record are the evidence."""

from __future__ import annotations

from fractions import Fraction

from minzheng.benefits.catalogue import Item
from minzheng.benefits.policy.types import Line, Request, Result, Standards
from minzheng.benefits.programs import ONE_OFF, Program
from minzheng.benefits.workflow import ProgramParams
from minzheng.funeral.codes import ECO_REWARD, REIMBURSEMENT, SUBSIDY
from minzheng.funeral.policy import R211

R_FUNERAL = "《殡葬管理条例》（国务院令第225号，2012年修订）"


def _flat(program: str, purpose: str, rule: str):
    def evaluate(req: Request, stds: Standards) -> Result:
        """A flat one-off amount from the standard item `<program>.amount` in force where the family lives."""
        result = Result(program, req, req.household.urban_rural)
        result.cite(rule)
        amount = stds.require(program, "amount", purpose)
        result.add(Line("standard", purpose, amount.amount(), amount.shown(), source=amount, rule=rule))
        result.eligible = True
        result.pay(Fraction(amount.amount()))
        return result

    return evaluate


def evaluate_reimbursement(req: Request, stds: Standards) -> Result:
    """The amount is not a standard: it is the waiver computed item by item from the funeral home's bill under the
    惠民殡葬 rule (funeral.policy.waiver); the confirmation carries it with that reason."""
    result = Result(REIMBURSEMENT, req, req.household.urban_rural)
    result.cite(R211)
    result.reasons.append("按惠民殡葬减免标准逐项核定（见身后一件事减免明细），审核确认时填写核定金额")
    result.pay(Fraction(0))
    return result


def _procedure(code: str, *rules: str) -> ProgramParams:
    return ProgramParams(code, "household", investigation=False, verification=False, public_notice=False,
                         delegable=True, validity_months=1, rules=rules)


PROGRAMS = [
    Program(SUBSIDY, "丧葬补助", "household", ONE_OFF, _flat(SUBSIDY, "丧葬补助", R211), importable=False,
            items=(Item(SUBSIDY, "amount", "丧葬补助金额", "money",
                        "特殊群体（低保、特困等，以惠民殡葬减免标准所列为准）逝者的家属一次性领取"),),
            procedure=_procedure(SUBSIDY, f"{R211}：对城乡困难群众给予基本殡葬服务补贴", R_FUNERAL)),
    Program(REIMBURSEMENT, "惠民殡葬异地火化报销", "household", ONE_OFF, evaluate_reimbursement, importable=False,
            procedure=_procedure(REIMBURSEMENT, f"{R211}：基本殡葬服务费用减免（异地火化凭票报销）")),
    Program(ECO_REWARD, "生态安葬奖补", "household", ONE_OFF, _flat(ECO_REWARD, "生态安葬奖补", R211),
            importable=False,
            items=(Item(ECO_REWARD, "amount", "生态安葬奖补金额", "money",
                        "海葬、树葬、花葬、草坪葬等节地生态安葬的一次性奖补"),),
            procedure=_procedure(ECO_REWARD, f"{R211}：对实行生态安葬的给予奖励补贴", R_FUNERAL)),
]
