import pytest

from settings import SETTINGS, SettingsError, load_settings
from tests.conftest import PROJECT


def test_defaults_and_paths_relative_to_the_file(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("port: 9000\n")
    settings = load_settings(path)
    assert settings["port"] == 9000 and settings["host"] == "127.0.0.1"
    assert settings["index_dir"] == tmp_path / "var" / "index"


@pytest.mark.parametrize(("text", "message"), [
    ("portti: 1\n", "unknown setting 'portti'"),
    ("port: '8000'\n", "setting 'port' must be int"),
    ("- a\n", "must be a mapping"),
    ("port: [\n", "not valid YAML"),
])
def test_bad_config_names_key_and_file(tmp_path, text, message):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=message) as error:
        load_settings(path)
    assert str(path) in str(error.value)


def test_every_setting_is_documented_in_config_yaml():
    text = (PROJECT / "config.yaml").read_text()
    for setting in SETTINGS:
        assert setting.help and f"{setting.name}:" in text


def test_environment_variables_override_the_file(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("port: 9000\nhost: 0.0.0.0\n")
    settings = load_settings(path, environ={"PALVELUHAKU_PORT": "9100",
                                            "PALVELUHAKU_CORS_ORIGINS": "[https://www.hel.fi]"})
    assert settings["port"] == 9100 and settings["host"] == "0.0.0.0"
    assert settings["cors_origins"] == ["https://www.hel.fi"]


@pytest.mark.parametrize(("name", "value", "message"), [
    ("PALVELUHAKU_PORT", "eight", "PALVELUHAKU_PORT: setting 'port' must be int"),
    ("PALVELUHAKU_CORS_ORIGINS", "[", "PALVELUHAKU_CORS_ORIGINS: not valid YAML"),
])
def test_a_bad_environment_variable_is_named(tmp_path, name, value, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(tmp_path / "none.yaml", environ={name: value})
