from domain.systems import SourceSystem


def test_values_are_lowercase_names():
    assert [s.value for s in SourceSystem] == ["crm", "erp", "billing", "support"]
    assert SourceSystem("billing") is SourceSystem.BILLING
