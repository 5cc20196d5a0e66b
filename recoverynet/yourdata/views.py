"""Settings → Download my data."""
import tempfile

from flask import Blueprint, send_file
from flask_login import current_user, login_required

from recoverynet.yourdata.export import file_name, write_export

bp = Blueprint("yourdata", __name__, url_prefix="/settings/data")
# Kept in memory up to this size, then on disk: five years of entries never fill the server's memory.
IN_MEMORY = 8 * 1024 * 1024


@bp.post("/download")
@login_required
def download():
    """Send everything about the signed-in person as a zip (a POST: only our own page can ask)."""
    archive = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
    write_export(current_user, archive)
    archive.seek(0)
    response = send_file(archive, mimetype="application/zip", as_attachment=True,
                         download_name=file_name(current_user), max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
