/* placeholder: being written */
typedef int mw_placeholder_record_json;
