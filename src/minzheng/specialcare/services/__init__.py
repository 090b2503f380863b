"""Writes of special care, one module per subject (each call one transaction: role, scope, validation, audit):

- `register`: the register (register, end), certification, 光荣院, the kernel case of a category, the annual
  adjustment;
- `care`: medical claims (paid as one-off kernel cases) and the 三难 campaign (found, helped, closed);
- `exchange`: the register exchanged with 退役军人事务部门 (export; their file compared by blind index).
"""

from minzheng.specialcare.services.register import adjust, admit, apply, certify, end, register

__all__ = ["adjust", "admit", "apply", "certify", "end", "register"]
