"""Payroll writes. Each function checks the actor's permission and region scope, runs in one transaction and is
audited; the reads are in `payroll.selectors` (and the funds statistics in `payroll.stats`).

`generate` (monthly payrolls built set-based from the entitlements in force, overpayments found, the background job
`payroll_generate`), `approval` (初审, 审批 and locking, 退回; settling recoveries), `bank_files` (the bank
disbursement file, 代发文件), `bank_returns` (银行回盘: reconciliation, correcting a failed payment's account),
`recoveries` (repayments of overpayments). Import the module: `from minzheng.payroll.services import approval`."""
