"""Figures computed from the case files, and the 典型案例 and 数据统计 pages."""
