"""Pages go out gzip-compressed to browsers that accept it: a crisis page on a weak signal
arrives in a third of the bytes. (Static files come compressed from WhiteNoise.)

Safe from BREACH-style guessing: no page holds a secret beside text an attacker could plant
(no CSRF tokens; the session is only in the cookie header)."""
import gzip

from flask import Flask, request

SMALLEST = 1000  # below this the gzip header and lost packets' worth cost more than they save
COMPRESSIBLE = ("text/html", "application/json")


def compress_response(response):
    if (response.status_code < 200 or response.status_code in (204, 304) or response.direct_passthrough
            or response.is_streamed or "Content-Encoding" in response.headers
            or response.mimetype not in COMPRESSIBLE or "gzip" not in request.accept_encodings):
        return response
    response.vary.add("Accept-Encoding")
    body = response.get_data()
    if len(body) < SMALLEST:
        return response
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_app(app: Flask) -> None:
    app.after_request(compress_response)
