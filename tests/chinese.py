"""What counts as English on a page meant to be in Chinese.

A run of two or more Latin letters a user can see is English unless it is
a name or code kept as is in Chinese text (the allow-list below), part of
an address, path, command or password hash, or data the test put there
(login names, what a browser said about itself)."""

import re

# Names and codes that stay as they are in Chinese text.
ALLOWED_WORDS = {
    "PDF",  # the printed edition
    "Word",  # documents the importer reads
    "URL",
    "ID",
    "Atom",  # the feed format
    "GB",  # GB/T 9704, GB18030
    "GBK",
    "UTF",
    "txt",
    "docx",
    "pdf",
    "IP",  # login records
    "LDAP",  # Django's help on password logins
    "Control",  # keys: 按住 Control 键或 Mac 上的 Command 键
    "Mac",
    "Command",
}
ADDRESSES = re.compile(
    r"https?://\S+"  # web addresses
    r"|[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail addresses
)
CODES = re.compile(
    r"(?<![\w/])/[\w%./-]*"  # paths
    r"|\bpublish_scheduled\b|\bmanage\.py\b"  # commands an administrator runs
    r"|\b(md5|pbkdf2_sha256|argon2|bcrypt_sha256|scrypt)\b"  # password hashers
    r"|\S*\*{4}\S*"  # a password hash, masked
)
LATIN = re.compile(r"[A-Za-z]{2,}")


def english(text: str, data=()) -> list[str]:
    """The runs of Latin letters in ``text`` that are not allowed; ``data``
    are strings the test stored, shown as they are."""
    text = ADDRESSES.sub(" ", text)
    for value in sorted(data, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])", " ", text)
    text = CODES.sub(" ", text)
    return [word for word in LATIN.findall(text) if word not in ALLOWED_WORDS]
