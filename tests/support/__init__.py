"""Test helpers shared by every test package (a scripted HTTP server on 127.0.0.1, fixtures)."""
