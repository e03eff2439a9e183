"""newsdesk.translate"""
