"""newsdesk.audience"""
