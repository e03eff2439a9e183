"""newsdesk.schedule"""
