"""newsdesk: a self-hosted news intelligence desk."""

import os

# One OpenBLAS thread per process unless the environment asks for more: newsdesk scales
# by processes (workers), and OpenBLAS's idle worker thread alone made the spaCy parse
# about 15% dearer in CPU (perf: lock calls in blis and the allocator, a fifth of the
# samples, gone with one thread; bench/enrich.py). OpenBLAS reads it when numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
