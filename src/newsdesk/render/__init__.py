"""newsdesk.render"""
