import pytest

from domain.models import CreditHold, is_on_credit_hold
from tests.domain.builders import legal, usd


@pytest.mark.parametrize(
    ("hold", "reported", "balance", "limit", "expected"),
    [
        (CreditHold.ON, None, "0", None, True),
        (CreditHold.OFF, True, "999", "1", False),
        (CreditHold.AUTO, True, "0", None, True),
        (CreditHold.AUTO, False, "999", "1", False),
        (CreditHold.AUTO, None, "1000.01", "1000", True),
        (CreditHold.AUTO, None, "1000", "1000", False),
        (CreditHold.AUTO, None, "5000", None, False),
    ],
)
def test_effective_credit_hold(hold, reported, balance, limit, expected):
    entity = legal(
        credit_hold=hold,
        on_hold=reported,
        balance=usd(balance),
        credit_limit=usd(limit) if limit is not None else None,
    )
    assert is_on_credit_hold(entity) is expected
    assert entity.on_hold_effective is expected


def test_credit_hold_parses_lowercase_values():
    assert legal(credit_hold="on").credit_hold is CreditHold.ON
