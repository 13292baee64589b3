"""verblijfsroutes: an executable model of the Dutch residence rules for foreign victims of
human trafficking (verblijfsregeling mensenhandel, asylum, objection and appeal, the
criminal case, housing and provisions), built from one declarative rule table."""

__version__ = "0.1.0"
