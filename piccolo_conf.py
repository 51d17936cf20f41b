"""Piccolo's configuration: the engine (its DSN is set at start-up) and the one app."""

from piccolo.conf.apps import AppRegistry

from election.db import ENGINE

DB = ENGINE

APP_REGISTRY = AppRegistry(apps=["election.piccolo_app"])
