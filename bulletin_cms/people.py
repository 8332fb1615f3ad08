"""People's names as a Chinese office writes them.

Django's ``User.get_full_name()`` joins ``first_name`` and ``last_name`` as
“first last”, with a space: 明 王 for 王明. The admin's account forms ask for
one 姓名, kept in ``first_name``; an account whose 姓 and 名 were entered
separately (before, or outside the admin) still reads surname first and
without a space, as Chinese is written.
"""


def full_name(user) -> str:
    """The person's full name; empty when the account has none, or there
    is no account."""
    if user is None:
        return ""
    return f"{user.last_name.strip()}{user.first_name.strip()}"


def staff_name(user) -> str:
    """How the editorial desk names someone: the full name, else the login
    name of an account nobody has named yet (never on the public site)."""
    if user is None:
        return ""
    return full_name(user) or user.get_username()
