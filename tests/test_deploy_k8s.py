"""deploy/ on Kubernetes, checked without a cluster: deploy/z2jh-values.yaml merged onto the Zero to JupyterHub
chart's defaults and validated against the chart's schema, as Helm does before it renders anything; and
deploy/k8s/formgrader.yaml read as Kubernetes objects that fit the values file and the README.

The chart's files come from ../shared/z2jh (values.schema.yaml, values.yaml; see its README), or from the
folder named by Z2JH_CHART, e.g. a chart fetched with `helm pull jupyterhub/jupyterhub --version X --untar`
(values.schema.json there). Without either, the chart tests skip and say why.
"""

import copy
import os
import re

import pytest

yaml = pytest.importorskip("yaml")
jsonschema = pytest.importorskip("jsonschema")

from nbgrader_course import ROOT  # noqa: E402

VALUES = ROOT / "deploy" / "z2jh-values.yaml"
FORMGRADER = ROOT / "deploy" / "k8s" / "formgrader.yaml"
CHART = os.environ.get("Z2JH_CHART") or ROOT.parent / "shared" / "z2jh"
PLACEHOLDER = re.compile(r"<[^<>]+>")


def chart_file(*names):
    for name in names:
        path = os.path.join(CHART, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                return yaml.safe_load(f)  # YAML reads the chart's values.schema.json as well
    pytest.skip(f"the Zero to JupyterHub chart's {' or '.join(names)} is not in {CHART} "
                "(../shared/z2jh, or set Z2JH_CHART to a chart folder)")


@pytest.fixture(scope="module")
def schema():
    schema = chart_file("values.schema.json", "values.schema.yaml")
    jsonschema.Draft7Validator.check_schema(schema)
    return schema


@pytest.fixture(scope="module")
def defaults():
    return chart_file("values.yaml")


def read_values():
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def read_objects():
    return [doc for doc in yaml.safe_load_all(FORMGRADER.read_text(encoding="utf-8")) if doc is not None]


def helm_merge(defaults, values):
    """Helm's coalescing of a values file onto the chart's defaults: maps merge key by key, a null
    removes the default, anything else (lists included) replaces it."""
    merged = copy.deepcopy(defaults)
    for key, value in values.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def schema_errors(schema, values):
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
            for error in sorted(validator.iter_errors(values), key=lambda e: [str(p) for p in e.absolute_path])]


def placeholders(node, path=""):
    """{dotted path: text} for every string holding a <...> placeholder."""
    found = {}
    if isinstance(node, dict):
        for key, value in node.items():
            found.update(placeholders(value, f"{path}.{key}" if path else str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.update(placeholders(value, f"{path}[{index}]"))
    elif isinstance(node, str) and PLACEHOLDER.search(node):
        found[path] = node
    return found


# ----------------------------------------------------------------------------- the chart's schema


def test_helm_merge_follows_helm():
    defaults = {"hub": {"config": {"JupyterHub": {"admin_access": True}}, "baseUrl": "/", "extraEnv": {}},
                "scheduling": {"userScheduler": {"enabled": True}}, "tags": ["a", "b"]}
    values = {"hub": {"config": {"JupyterHub": {"authenticator_class": "x"}}, "baseUrl": None},
              "scheduling": {"userScheduler": {"enabled": False}}, "tags": ["c"]}
    assert helm_merge(defaults, values) == {
        "hub": {"config": {"JupyterHub": {"admin_access": True, "authenticator_class": "x"}}, "extraEnv": {}},
        "scheduling": {"userScheduler": {"enabled": False}}, "tags": ["c"]}
    assert defaults["hub"]["baseUrl"] == "/"  # not changed in place


def test_the_chart_defaults_alone_are_valid(schema, defaults):
    assert schema_errors(schema, defaults) == []


def test_the_course_values_merged_onto_the_chart_defaults_are_valid(schema, defaults):
    errors = schema_errors(schema, helm_merge(defaults, read_values()))
    assert errors == [], "deploy/z2jh-values.yaml does not fit the chart's schema:\n" + "\n".join(errors)


@pytest.mark.parametrize("mistake, where", [
    ({"singleuser": {"defaultURL": "/lab"}}, "singleuser"),               # a misspelt key
    ({"singleuser": {"image": {"name": "x", "tag": 5}}}, "singleuser.image.tag"),  # a tag that is not a string
    ({"hub": {"config": {"jupyterhub": {"admin_access": True}}}}, "hub.config"),   # a class name in lower case
    ({"singleuser": {"storage": {"type": "nfs"}}}, "singleuser.storage.type"),      # not one of the chart's
])
def test_the_check_catches_a_mistake_in_the_values(schema, defaults, mistake, where):
    errors = schema_errors(schema, helm_merge(defaults, helm_merge(read_values(), mistake)))
    assert any(error.startswith(where) for error in errors), errors


# ----------------------------------------------------------------------------- what an admin fills in


def test_the_values_leave_only_the_documented_blanks():
    """README: fill in the <...> of the values file first; they are who may log in and the image."""
    blanks = placeholders(read_values())
    assert sorted(blanks) == [
        "hub.config.Authenticator.admin_users[0]",
        "hub.config.Authenticator.allowed_users[0]",
        "hub.config.Authenticator.allowed_users[1]",
        "hub.config.Authenticator.allowed_users[2]",
        "hub.config.JupyterHub.authenticator_class",
        "hub.config.JupyterHub.load_groups.formgrade-rnn-course.users[0]",
        "hub.config.JupyterHub.load_groups.nbgrader-rnn-course.users[0]",
        "hub.config.JupyterHub.load_groups.nbgrader-rnn-course.users[1]",
        "singleuser.image.name",
        "singleuser.image.tag",
    ], blanks


def test_formgrader_yaml_is_kubernetes_objects_with_the_blanks_the_readme_names():
    objects = read_objects()
    kinds = {(o.get("apiVersion"), o.get("kind")): o for o in objects}
    assert sorted(kinds) == [("apps/v1", "Deployment"), ("v1", "PersistentVolumeClaim"), ("v1", "Service")]
    for o in objects:
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", o["metadata"]["name"]), o["metadata"]
        assert isinstance(o.get("spec"), dict), o["kind"]
    # README: "fill in their <...> first": here that is only the image, the one the values file names.
    values = read_values()
    image = values["singleuser"]["image"]
    container, = kinds["apps/v1", "Deployment"]["spec"]["template"]["spec"]["containers"]
    assert placeholders(objects) == {"[2].spec.template.spec.containers[0].image": container["image"]}
    assert container["image"] == f"{image['name']}:{image['tag']}"


def test_the_formgrader_objects_fit_each_other():
    objects = {o["kind"]: o for o in read_objects()}
    deployment, service, claim = objects["Deployment"], objects["Service"], objects["PersistentVolumeClaim"]
    pod = deployment["spec"]["template"]
    labels = pod["metadata"]["labels"]
    assert all(isinstance(v, str) for v in labels.values()), labels  # Kubernetes labels are strings
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    container, = pod["spec"]["containers"]
    assert {"name", "image"} <= container.keys()
    ports = {p["containerPort"] for p in container["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= ports
    volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
    assert {m["name"] for m in container["volumeMounts"]} <= volumes.keys()
    assert volumes["course"]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    names = [e["name"] for e in container["env"]]
    assert len(names) == len(set(names)), names
    for entry in container["env"]:
        assert ("value" in entry) != ("valueFrom" in entry), entry
        assert "value" not in entry or isinstance(entry["value"], str), entry  # env values are strings


def test_the_formgrader_is_the_hub_service_the_values_register():
    values = read_values()
    hub = values["hub"]
    objects = {o["kind"]: o for o in read_objects()}
    container, = objects["Deployment"]["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}
    service_name = env["JUPYTERHUB_SERVICE_NAME"]
    # The hub proxies /services/rnn-course/ to the Service, at the port the container listens on.
    url = hub["services"][service_name]["url"]
    host, port = re.fullmatch(r"http://([-a-z0-9]+):(\d+)", url).groups()
    assert host == objects["Service"]["metadata"]["name"]
    assert int(port) in {p["port"] for p in objects["Service"]["spec"]["ports"]}
    assert env["JUPYTERHUB_SERVICE_PREFIX"] == f"/services/{service_name}/"
    assert env["JUPYTERHUB_CLIENT_ID"] == f"service-{service_name}"
    # The token: the Secret the file's comment tells the admin to create, set as the service's apiToken.
    assert env["JUPYTERHUB_API_TOKEN"] == {"secretKeyRef": {"name": "rnn-course-formgrader", "key": "token"}}
    assert "create secret generic rnn-course-formgrader --from-literal=token=" in FORMGRADER.read_text()
    # It runs as the grader account, which may log in and grades the course.
    grader = env["JUPYTERHUB_USER"]
    assert grader in hub["config"]["Authenticator"]["allowed_users"]
    assert grader in hub["config"]["JupyterHub"]["load_groups"]["formgrade-rnn-course"]["users"]
    # The roles name this service.
    assert hub["loadRoles"]["rnn-course-formgrader"]["services"] == [service_name]
    # The exchange: the same claim at the same path as every user's server.
    storage = values["singleuser"]["storage"]
    user_claim, = [v["persistentVolumeClaim"]["claimName"] for v in storage["extraVolumes"]]
    user_mount, = [m["mountPath"] for m in storage["extraVolumeMounts"]]
    pod = objects["Deployment"]["spec"]["template"]["spec"]
    exchange = [v for v in pod["volumes"] if v.get("persistentVolumeClaim", {}).get("claimName") == user_claim]
    assert len(exchange) == 1, pod["volumes"]
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert mounts[exchange[0]["name"]] == user_mount == env["NBGRADER_EXCHANGE_ROOT"]
    assert values["singleuser"]["extraEnv"]["NBGRADER_EXCHANGE_ROOT"] == user_mount
