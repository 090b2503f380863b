from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class PlacenamesConfig(app_registry.MinzhengAppConfig):
    """区划地名: the place-name database (GB/T 18521 categories as data, pinyin search), naming and renaming
    applications, standard addresses and doorplates, division changes that carry every scoped record with them,
    boundaries (lines, markers, joint inspections, disputes) and the offline map. Regions themselves stay in core."""

    name = "minzheng.placenames"
    file_categories = {"placename_photo": "地名照片", "marker_photo": "界桩照片"}
    audit_actions = {
        "naming_approve": "批准地名命名更名",
        "division_change": "区划调整",
        "division_step": "区划调整迁移数据",
    }
    label = "placenames"
    verbose_name = "区划地名"
    url_prefix = "placenames/"
    api_router = "minzheng.placenames.api.router"
    cli_commands = "minzheng.placenames.commands"
    # Place names, addresses and boundaries are public facts: every staff role reads them; the county's civil-affairs
    # bureau keeps the database and decides naming; villages and townships record addresses and doorplates.
    permissions = {"placenames.view": {V, T, C, CITY},
                   "placenames.change": {C, CITY},
                   "placenames.address": {V, T, C},
                   "placenames.approve": {C, CITY},
                   "placenames.division": {C, CITY}}
    nav_group = "区划地名"
    nav = [NavEntry("placenames_list", "地名", "placenames.view", order=80),
           NavEntry("placenames_map", "区划地名图", "placenames.view", order=81)]
    audit_objects = {
        "placename": AuditObject("地名", "placenames.PlaceName"),
        "placename_category": AuditObject("地名类别", "placenames.Category"),
        "naming_application": AuditObject("地名命名更名申请", "placenames.NamingApplication"),
        "standard_address": AuditObject("标准地址", "placenames.StandardAddress"),
        "doorplate": AuditObject("门牌", "placenames.Doorplate"),
        "household_address": AuditObject("家庭标准地址", "placenames.HouseholdAddress"),
        "division_change": AuditObject("区划调整", "placenames.DivisionChange"),
        "division_proposal": AuditObject("区划调整方案", "placenames.DivisionProposal"),
        "boundary_line": AuditObject("行政区域界线", "placenames.BoundaryLine"),
        "boundary_marker": AuditObject("界桩", "placenames.BoundaryMarker"),
        "boundary_inspection": AuditObject("界线联检", "placenames.InspectionRound"),
        "boundary_dispute": AuditObject("界线争议", "placenames.BoundaryDispute"),
        "region_geometry": AuditObject("区划界域", "placenames.RegionGeometry"),
    }
    demo_data = ["minzheng.placenames.demo.seed"]
