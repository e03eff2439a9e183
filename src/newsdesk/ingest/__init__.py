"""newsdesk.ingest"""
