"""Pure rules of the children's app: the allowances (allowances: 孤儿、事实无人抚养儿童, 民发〔2019〕62号), visit
schedules (visits) and the time limits of minors-protection cases (minors). Each function cites what it implements."""

from minzheng.children.policy.allowances import evaluate_orphan, evaluate_unsupported_child

__all__ = ["evaluate_orphan", "evaluate_unsupported_child"]
