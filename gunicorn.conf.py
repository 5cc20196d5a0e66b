"""gunicorn's settings for RecoveryNet. gunicorn reads this file from the directory it starts in
(the README's production command), and bench/http_load.py names it for both of its servers.

Once a worker has loaded the app, what it loaded (modules, routes, Babel's locale data, the ORM's
mappings: about 200,000 objects) is moved out of the garbage collector's sight with gc.freeze().
Those objects live as long as the worker, yet every full collection walked them all: about 85 ms
of one request, every few hundred requests (in process, the slowest of 1,000 log pages went from
86 ms to 6 ms). What the worker makes while serving is collected as before."""
import gc


def post_worker_init(worker) -> None:
    gc.freeze()
