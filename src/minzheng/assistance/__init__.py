"""社会救助 (social assistance): programs, standards (data by region, area and date) and the policy engine."""
