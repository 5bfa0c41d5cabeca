"""The password rules: long enough, not common, and not the e-mail address — where the
address gives a guesser something (issue 14: a short local part refused nearly everything)."""

import pytest

from app.auth.passwords import WeakPasswordError, check_password_strength


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("t@buurtteam.example.nl", "tuinbonen-met-tomaat"),
        ("jo@buurtteam.example.nl", "joost-zoekt-johannes"),
        ("a.b@buurtteam.example.nl", "ab-cd-ef-gh-ij-kl"),
    ],
)
def test_a_short_address_does_not_refuse_ordinary_passwords(email: str, password: str) -> None:
    check_password_strength(password, email=email)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("samira@buurtteam.example.nl", "samira-in-de-buurt"),
        ("fatima.de.boer@buurtteam.example.nl", "ikbenfatima2026!"),
        ("fatima.de.boer@buurtteam.example.nl", "xx-fatima.de.boer-xx"),
        ("BOER.Fatima@buurtteam.example.nl", "Boer-en-Buurt-2026"),
    ],
)
def test_the_address_or_a_word_of_it_is_refused(email: str, password: str) -> None:
    with pytest.raises(WeakPasswordError, match="e-mailadres"):
        check_password_strength(password, email=email)
