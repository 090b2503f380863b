"""Social-assistance programs' policy (pure): 低保, 低保边缘, 刚性支出困难家庭, 临时救助 (household.py) and
特困 (tekun.py). The shared vocabulary (Request, Result, Standards, money, means) is the kernel's: benefits.policy."""
