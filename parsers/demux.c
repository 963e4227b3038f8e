/* placeholder: being written */
typedef int mw_placeholder_demux;
