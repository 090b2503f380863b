"""Writes of the monitoring app, one module per subject: rules (signal rules, the file loader), register (其他困难人员
added or removed by a township), warnings (outcomes: assist, refer, dismiss; referral answers), visits."""
