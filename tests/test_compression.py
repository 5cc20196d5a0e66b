"""Pages go out gzip-compressed to browsers that accept it."""
import gzip


def test_a_page_is_sent_gzipped_to_a_browser_that_accepts_it(client):
    plain = client.get("/crisis")
    zipped = client.get("/crisis", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data and len(zipped.data) < len(plain.data) / 2


def test_a_browser_that_asks_for_no_compression_gets_the_page_as_it_is(client):
    response = client.get("/crisis", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers and b"</html>" in response.data
