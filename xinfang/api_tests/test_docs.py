"""The API docs page serves Swagger UI from the project's static files (offices are offline: no CDN), and the
docs and the OpenAPI schema need a signed-in user of the platform or an API token."""

from xinfang.accounts.models import ApiToken


def test_docs_page_loads_swagger_from_static_files_not_a_cdn(client, registrar):
    client.force_login(registrar)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_docs_page_sends_an_anonymous_visitor_to_the_login(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_schema_is_401_json_for_an_anonymous_client(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 401
    assert "paths" not in response.json() and "登录" in response.json()["detail"]


def test_schema_is_given_to_a_token(client, registrar):
    _, key = ApiToken.issue(user=registrar, name="对接系统")
    response = client.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200 and "/api/v1/petitions" in response.json()["paths"]


def test_schema_documents_the_idempotency_key_of_creating_requests(client, registrar):
    client.force_login(registrar)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/petitions", "/api/v1/mediations", "/api/v1/consultations"):
        names = [p["name"] for p in paths[path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
