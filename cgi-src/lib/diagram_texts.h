/* diagram_texts.h — the lang keys the diagram's script shows (besides the
 * type, state and connection labels), as the initialiser of a string
 * array: included by diagram_doc.c and by the unit test that checks every
 * key exists in lang/en and lang/es.
 * SPDX-License-Identifier: BSD-3-Clause */
"diagram_title", "diagram_search", "diagram_search_none", "diagram_fit",
    "diagram_zoom_in", "diagram_zoom_out", "diagram_mode_select",
    "diagram_mode_connect", "diagram_layout", "diagram_layout_auto",
    "diagram_layout_circular", "diagram_layout_grid", "diagram_layout_region",
    "diagram_arrange", "diagram_arrange_all", "diagram_export",
    "diagram_export_png", "diagram_export_svg", "diagram_export_html",
    "diagram_png_scale", "diagram_fullscreen", "diagram_legend",
    "diagram_legend_servers", "diagram_legend_links", "diagram_legend_down",
    "diagram_menu_connect", "diagram_menu_connect_sel",
    "diagram_menu_disconnect", "diagram_menu_delete", "diagram_menu_delete_n",
    "diagram_menu_details", "diagram_menu_add_cluster",
    "diagram_menu_new_cluster", "diagram_menu_select_cluster",
    "diagram_menu_open_cluster", "diagram_menu_fit_here",
    "diagram_prompt_cluster", "diagram_bad_name", "diagram_confirm_delete",
    "diagram_confirm_disconnect", "diagram_choose_type", "diagram_cancel",
    "diagram_tip_type", "diagram_tip_status", "diagram_tip_ip",
    "diagram_tip_region", "diagram_tip_clusters", "diagram_tip_cpu",
    "diagram_tip_mem", "diagram_tip_disk", "diagram_tip_net",
    "diagram_tip_latency", "diagram_tip_uptime", "diagram_tip_checked",
    "diagram_tip_no_metrics", "diagram_tip_members", "diagram_tip_link",
    "diagram_status_counts", "diagram_status_selected", "diagram_status_saved",
    "diagram_status_error", "diagram_status_loading", "diagram_status_offline",
    "diagram_status_connect_hint", "diagram_status_arranged",
    "diagram_status_too_many", "diagram_read_only", "diagram_no_servers",
    "diagram_snapshot_note"
