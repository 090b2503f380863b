"""Pure rules of the elderly-care app: 高龄津贴 (age_allowance), the GB/T 42195-2022 capability assessment
(capability), the subsidies it decides (subsidies) and the 高龄津贴 survival check (survival)."""

from minzheng.elderly.policy.age_allowance import evaluate_age_allowance

__all__ = ["evaluate_age_allowance"]
