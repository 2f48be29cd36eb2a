"""foia: public-records campaigns about police face recognition.

The app factory is in foia/app.py; this package file stays empty so that importing the pure
legal core (`foia.deadlines`) imports no Flask.
"""
