from sandbox.crm.ids import id_of, normalize_id
from sandbox.seed.ids import salesforce_id


def test_fifteen_character_id_gains_its_checksum():
    full = salesforce_id("001", 12345)
    assert normalize_id(full[:15]) == full


def test_eighteen_character_id_is_case_insensitive():
    full = salesforce_id("001", 987654)
    assert normalize_id(full.lower()) == full
    assert normalize_id(full.upper()) == full


def test_malformed_ids_are_rejected():
    for bad in ["", "abc", "001' OR '1'='1", "0015T00000000011", "0015T000000000MQA!", "0015T000000000MQ999"]:
        assert normalize_id(bad) is None


def test_id_of_checks_the_key_prefix():
    account = salesforce_id("001", 1)
    assert id_of("Account", account) == account
    assert id_of("Contract", account) is None
