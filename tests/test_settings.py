"""Settings: read from INCIDENT_MAP_* variables, typed, and refused at start when wrong."""

from __future__ import annotations

import pytest

from service.settings import Settings, SettingsError


def test_defaults_need_no_environment(tmp_path):
    s = Settings.from_env(str(tmp_path), {})
    assert s.DATABASE == str(tmp_path / "incidents.sqlite") and s.TILES == "" and s.READS_NEED_TOKEN is False
    assert s.flask_config()["MAX_CONTENT_LENGTH"] > s.MAX_TEXT_BYTES


def test_values_are_read_and_typed(tmp_path):
    s = Settings.from_env(str(tmp_path), {"INCIDENT_MAP_JOB_BYTES": "5000", "INCIDENT_MAP_READS_NEED_TOKEN": "1",
                                          "INCIDENT_MAP_ALLOWED_HOSTS": "maps.example.org, 10.0.0.5",
                                          "INCIDENT_MAP_SECRET_KEY": ""})
    assert s.JOB_BYTES == 5000 and s.READS_NEED_TOKEN is True and s.SECRET_KEY is None
    assert s.TRUSTED_HOSTS == ["maps.example.org", "10.0.0.5"]


@pytest.mark.parametrize("variable, value", [
    ("INCIDENT_MAP_JOB_BYTES", "lots"), ("INCIDENT_MAP_MAX_TEXT_BYTES", "0"), ("INCIDENT_MAP_TILES", "google"),
    ("INCIDENT_MAP_ONLINE_GEOCODER", "bing"), ("INCIDENT_MAP_FETCH_PRIVATE", "maybe"),
])
def test_a_value_a_setting_cannot_take_is_refused_by_name(tmp_path, variable, value):
    with pytest.raises(SettingsError, match=f"^{variable}="):
        Settings.from_env(str(tmp_path), {variable: value})
