from types import SimpleNamespace

from bulletin_cms.people import full_name, staff_name


def account(username="wangzg", first_name="", last_name=""):
    return SimpleNamespace(
        first_name=first_name,
        last_name=last_name,
        get_username=lambda: username,
    )


def test_a_full_name_reads_surname_first_without_a_space():
    # Django's get_full_name() would give “志刚 王”.
    assert full_name(account(first_name="志刚", last_name="王")) == "王志刚"
    assert full_name(account(first_name=" 王志刚 ")) == "王志刚"


def test_an_account_without_a_name_has_an_empty_full_name():
    assert full_name(account()) == ""
    assert full_name(None) == ""


def test_the_desk_falls_back_to_the_login_name_only_without_a_name():
    assert staff_name(account(first_name="王志刚")) == "王志刚"
    assert staff_name(account()) == "wangzg"
    assert staff_name(None) == ""
