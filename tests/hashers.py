from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Still Argon2id, with a small memory cost so the suite stays fast."""

    time_cost = 1
    memory_cost = 1024
