"""Pages go out compressed to browsers that accept it: Brotli first, else gzip."""
import gzip

import brotli


def test_a_page_is_sent_in_brotli_to_a_browser_that_accepts_it(client):
    plain = client.get("/crisis")
    packed = client.get("/crisis", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "br" and "Accept-Encoding" in packed.headers["Vary"]
    assert brotli.decompress(packed.data) == plain.data


def test_brotli_is_smaller_than_gzip_for_the_same_page(client):
    packed = client.get("/crisis", headers={"Accept-Encoding": "br"})
    zipped = client.get("/crisis", headers={"Accept-Encoding": "gzip"})
    assert len(packed.data) < len(zipped.data)


def test_a_page_is_sent_gzipped_to_a_browser_without_brotli(client):
    plain = client.get("/crisis")
    zipped = client.get("/crisis", headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data and len(zipped.data) < len(plain.data) / 2


def test_a_browser_that_asks_for_no_compression_gets_the_page_as_it_is(client):
    response = client.get("/crisis", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers and b"</html>" in response.data

