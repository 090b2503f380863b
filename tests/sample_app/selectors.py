from tests.sample_app.models import Allowance


def allowances_for(user):
    return Allowance.objects.visible_to(user)


def pending_for(user):
    return allowances_for(user).filter(status="pending").order_by("due_on", "id")
