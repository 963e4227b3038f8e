/* SPDX-License-Identifier: MIT */
/*
 * events.c: the kernel's reports of memory trouble, as block parsers over
 * the kernel log: OOM-killer reports (mm/oom_kill.c dump_header(),
 * oom_kill_process(), __oom_kill_process(), the oom_reaper; the memory
 * cgroup block from mm/memcontrol.c), page allocation failures and stalls
 * (mm/page_alloc.c warn_alloc(), warn_alloc_failed() and the 2.6
 * __alloc_pages() printk), vmalloc failures (mm/vmalloc.c), and show_mem
 * dumps on their own (sysrq-m, drivers/tty/sysrq.c). A 6.x report:
 *
 *   tail invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
 *   CPU: 0 UID: 0 PID: 15618 Comm: tail Not tainted 6.18.44-fc-v669 #1 PREEMPT(none)
 *   Call Trace:
 *    <TASK>
 *    dump_stack_lvl+0x57/0x80
 *    ...
 *   memory: usage 65536kB, limit 65536kB, failcnt 19
 *   Memory cgroup stats for /mw-oom-test:
 *   Tasks state (memory values in pages):
 *   [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name
 *   [  15618]     0 15618    17037    16711    16320      391         0   184320        0             0 tail
 *   oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/mw-oom-test,...
 *   Memory cgroup out of memory: Killed process 15618 (tail) total-vm:68148kB, anon-rss:65280kB, ...
 *
 * and a 2.6 one: "sort: page allocation failure. order:1, mode:0x20" with
 * an x86-64 "Call Trace:<ffffffff8014e5f0>{__alloc_pages+816}" and no
 * show_mem at all. Formats of every era: ../shared/spec/kernel-formats.md
 * sections 8-10 (summarised in man/memwaste-formats.5).
 *
 * A block starts at its first line (trigger, failure, "Mem-Info:" or the
 * sysrq header), takes the lines that belong to it, lets the others pass
 * (other CPUs interleave their messages), and is emitted as one
 * MW_REC_EVENT plus children when it is complete: at the line after the
 * kill (or the show_mem totals), at another report's first line, after
 * too many foreign lines or a gap in time, at a new boot, or at the end
 * of the input. A report cut off before its natural end is kept, marked
 * truncated, and noted with file:line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "events.h"
#include "pattern.h"
#include "memwaste/banned.h"

enum pat {
	P_OOM_TRIGGER,
	P_ALLOC_FAIL,
	P_VMALLOC_FAIL,
	P_STALL,
	P_SHOW_MEMORY,
	P_SUPPRESSED,
	P_CPUSET,
	P_CPU,
	P_CPU_NOREL,
	P_PID,
	P_HARDWARE,
	P_WORKQUEUE,
	P_CALL_TRACE,
	P_COMPACTION,
	P_TASK_IN,
	P_LIMIT_REACHED,
	P_MEMCG_USAGE,
	P_MEMCG_STATS,
	P_TASKS_STATE,
	P_TASK_HEADER,
	P_SLAB_HEADER,
	P_OOM_KILL,
	P_SELECT,
	P_KILLED,
	P_SHARING,
	P_REAPER,
	P_EXITING,
	P_NO_KILLABLE,
	P_PANIC,
	P_OOM_GROUP,
	P__MAX,
	P_NONE = P__MAX
};

/* {literal prefilter, pattern}: one concern each; run on the message with blanks trimmed. */
static const struct mw_pattern patterns[P__MAX] = {
	[P_OOM_TRIGGER] = { "oom-killer: gfp_mask=",
			    "^(?:(?<comm>.*?) invoked )?oom-killer: gfp_mask=(?<mask>0x[0-9a-fA-F]+)(?:\\((?<names>[^)]*)\\))?"
			    "(?:,\\s*nodemask=(?<nodemask>.*?))?,\\s*order=(?<order>-?\\d+)"
			    "(?:,\\s*oomkilladj=(?<oldadj>-?\\d+))?(?:,\\s*oom_adj=-?\\d+)?(?:,\\s*oom_score_adj=(?<adj>-?\\d+))?" },
	[P_ALLOC_FAIL] = { "page allocation failure",
			   "^(?:(?<comm>.*?):\\s+)?page allocation failure[.:]?\\s+order:\\s*(?<order>\\d+),\\s*"
			   "mode:\\s*(?<mask>0x[0-9a-fA-F]+)(?:\\((?<names>[^)]*)\\))?"
			   "(?:,\\s*nodemask=(?<nodemask>\\(null\\)|[0-9,-]*))?"
			   "(?:,\\s*cpuset=(?<cpuset>.*),\\s*mems_allowed=(?<mems>[0-9,-]*))?" },
	[P_VMALLOC_FAIL] = { "vmalloc",
			     "^(?:(?<comm>.*?):\\s+)?vmalloc(?:: allocation failure| error)[,:]?\\s*(?<rest>.*?)"
			     "(?:,\\s*mode:\\s*(?<mask>0x[0-9a-fA-F]+)(?:\\((?<names>[^)]*)\\))?)"
			     "(?:,\\s*nodemask=(?<nodemask>\\(null\\)|[0-9,-]*))?"
			     "(?:,\\s*cpuset=(?<cpuset>.*),\\s*mems_allowed=(?<mems>[0-9,-]*))?\\s*$" },
	[P_STALL] = { "tion stalls for ",
		      "^(?:(?<comm>.*?):\\s+)?page allo(?:ca|c)tion stalls for (?<ms>\\d+)ms,\\s*order:\\s*(?<order>\\d+)"
		      "(?:,\\s*mode:\\s*(?<mask>0x[0-9a-fA-F]+)(?:\\((?<names>[^)]*)\\))?)?"
		      "(?:,\\s*nodemask=(?<nodemask>\\(null\\)|[0-9,-]*))?"
		      "(?:,\\s*cpuset=(?<cpuset>.*),\\s*mems_allowed=(?<mems>[0-9,-]*))?" },
	[P_SHOW_MEMORY] = { "Show Memory", "^(?:sysrq: )?(?:SysRq : )?Show Memory\\s*$" },
	[P_SUPPRESSED] = { "callbacks suppressed", "^warn_alloc(?:_show_mem)?: (?<n>\\d+) callbacks suppressed" },
	[P_CPUSET] = { " mems_allowed=", "^(?<comm>.+?) cpuset=(?<cpuset>.*) mems_allowed=(?<mems>[0-9,-]*)\\s*$" },
	[P_CPU] = { "Comm: ", "^CPU: \\d+ (?:UID: \\d+ )?PID: (?<pid>\\d+) Comm: (?<comm>.*?) (?:Not tainted|Tainted: .*?) +"
			      "(?<rel>[0-9][^\\s#]*) +#" },
	[P_CPU_NOREL] = { "Comm: ", "^CPU: \\d+ (?:UID: \\d+ )?PID: (?<pid>\\d+) Comm: (?<comm>.*?)(?: (?:Not tainted|Tainted:).*)?$" },
	[P_PID] = { "comm: ", "^Pid: (?<pid>\\d+), comm: (?<comm>.*?)(?: +(?:Not tainted|Tainted:.*?) +(?<rel>[0-9][^\\s#]*) +#.*"
			      "| +(?:Not tainted|Tainted:).*)?\\s*$" },
	[P_HARDWARE] = { "Hardware name: ", "^Hardware name: " },
	[P_WORKQUEUE] = { "Workqueue: ", "^Workqueue: (?<wq>.*)$" },
	[P_CALL_TRACE] = { "race:", "^(?:Call [Tt]race:|Backtrace:)(?<rest>.*)$" },
	[P_COMPACTION] = { "COMPACTION", "^COMPACTION is disabled!!!" },
	[P_TASK_IN] = { "killed as a result of limit of",
			"^Task in (?<task>.*) killed as a result of limit of (?<limit>.*?)\\s*$" },
	[P_LIMIT_REACHED] = { "Memory limit reached", "^Memory limit reached of cgroup (?<limit>.*?)\\s*$" },
	[P_MEMCG_USAGE] = { ": usage ", "^(?<what>memory|memory\\+swap|swap|kmem|tcpmem|kmem\\.tcp): usage (?<usage>\\d+)kB, "
					"limit (?<limit>\\d+)kB, failcnt (?<failcnt>\\d+)" },
	[P_MEMCG_STATS] = { "Memory cgroup stats", "^Memory cgroup stats for (?<path>.*?):(?:\\s+(?<rest>.*))?\\s*$" },
	[P_TASKS_STATE] = { "Tasks state", "^Tasks state \\(memory values in pages\\):" },
	[P_TASK_HEADER] = { "pid", "^\\[\\s*pid\\s*\\]\\s+uid\\s+tgid\\s+total_vm\\s+rss\\b.*\\bname\\s*$" },
	[P_SLAB_HEADER] = { "Unreclaimable slab info", "^Unreclaimable slab info:" },
	[P_OOM_KILL] = { "oom-kill:", "^oom-kill:(?<rest>.*)$" },
	[P_SELECT] = { "ill process ", "^(?:(?<reason>.*?):\\s+)?[Kk]ill process (?<pid>\\d+) \\((?<comm>.*)\\) score (?<score>-?\\d+) "
					"(?:or sacrifice child|or a child|and children)\\.?\\s*$" },
	[P_KILLED] = { "Killed process ", "^(?:(?<reason>.*?):\\s+)?Killed process (?<pid>\\d+) \\((?<comm>.*)\\)"
					  "(?<rest>(?:,?\\s+(?:total-vm|vsz|anon-rss|UID):.*)?)\\.?\\s*$" },
	[P_SHARING] = { "sharing same memory", "^Kill(?:ed)? process (?<pid>\\d+) \\((?<comm>.*)\\) sharing same memory" },
	[P_REAPER] = { "oom_reaper: ", "^oom_reaper: reaped process (?<pid>\\d+) \\((?<comm>.*)\\), now anon-rss:(?<anon>\\d+)kB, "
				       "file-rss:(?<file>\\d+)kB(?:, shmem-rss:(?<shmem>\\d+)kB)?" },
	[P_EXITING] = { "is already exiting", "^(?:(?<reason>.*?):\\s+)?OOM victim (?<pid>\\d+) \\((?<comm>.*)\\) is already exiting" },
	[P_NO_KILLABLE] = { "no killable processes", "^Out of memory and no killable processes" },
	[P_PANIC] = { "Kernel panic", "^Kernel panic - not syncing: (?<why>.*(?:[Oo]ut of memory|OOM).*)$" },
	[P_OOM_GROUP] = { "memory.oom.group", "^Tasks in (?<path>.*) are going to be killed due to memory\\.oom\\.group set" },
};

static struct mw_pattern_set set = MW_PATTERN_SET("event", patterns);

void mw_events_release(void)
{
	mw_pattern_set_release(&set);
}

static bool match(struct mw_match *m, enum pat id, struct mw_str s)
{
	return mw_pattern_match(&set, id, s, m);
}

#define grp mw_match_group
#define grp_i64 mw_match_i64

static char *dup_str(struct mw_str s)
{
	return s.len ? mw_xstrndup(s.ptr, s.len) : NULL;
}

/* Replaces *dst with a copy of s (NULL when empty). */
static void set_str(char **dst, struct mw_str s)
{
	free(*dst);
	*dst = dup_str(s);
}

/* ---- the block's children ---- */

void mw_ev_kv(struct mw_evblock *e, const char *key, int64_t value, enum mw_unit unit, int64_t node)
{
	struct ev_kv *k;
	if (e->n_kv >= EV_MAX_KV)
		return;
	MW_GROW(e->kv, e->alloc_kv, e->n_kv + 1);
	k = &e->kv[e->n_kv++];
	k->key = mw_xstrdup(key);
	k->value = value;
	k->unit = unit;
	k->node = node;
}

void mw_ev_kv_add(struct mw_evblock *e, const char *key, int64_t delta, enum mw_unit unit, int64_t node)
{
	for (size_t i = 0; i < e->n_kv; i++)
		if (e->kv[i].node == node && strcmp(e->kv[i].key, key) == 0) {
			e->kv[i].value += delta;
			return;
		}
	mw_ev_kv(e, key, delta, unit, node);
}

void mw_ev_line(struct mw_evblock *e, uint64_t line, const char *role, const char *text, size_t len)
{
	struct ev_line *l;
	if (e->n_lines >= EV_MAX_LINES) {
		e->lines_dropped++;
		return;
	}
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
		len--;
	MW_GROW(e->lines, e->alloc_lines, e->n_lines + 1);
	l = &e->lines[e->n_lines++];
	l->line = line;
	l->role = role;
	l->text = mw_xstrndup(text, MW_MIN(len, (size_t)4096));
}

struct ev_zone *mw_ev_zone(struct mw_evblock *e, int64_t node, const char *name, size_t len)
{
	struct ev_zone *z;
	len = MW_MIN(len, sizeof(z->name) - 1);
	for (size_t i = 0; i < e->n_zones; i++)
		if (e->zones[i].node == node && strlen(e->zones[i].name) == len && memcmp(e->zones[i].name, name, len) == 0)
			return &e->zones[i];
	if (e->n_zones >= EV_MAX_ZONES || !len)
		return NULL;
	MW_GROW(e->zones, e->alloc_zones, e->n_zones + 1);
	z = &e->zones[e->n_zones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	memcpy(z->name, name, len);
	z->free_kb = z->min_kb = z->low_kb = z->high_kb = z->present_kb = z->managed_kb = MW_UNKNOWN;
	z->boost_kb = z->highatomic_kb = z->free_cma_kb = z->page_kb = MW_UNKNOWN;
	z->all_unreclaimable = -1;
	return z;
}

static void ev_release(struct mw_evblock *e)
{
	char **strs[] = { &e->trigger_comm, &e->gfp_mask, &e->gfp_names, &e->nodemask, &e->cpuset, &e->mems_allowed,
			  &e->kernel_release, &e->constraint, &e->oom_memcg, &e->task_memcg, &e->victim_comm, &e->summary };
	struct mw_buf pending = e->pending;
	for (size_t i = 0; i < MW_ARRAY_SIZE(strs); i++)
		free(*strs[i]);
	for (size_t i = 0; i < e->n_kv; i++)
		free(e->kv[i].key);
	for (size_t i = 0; i < e->n_tasks; i++)
		free(e->tasks[i].name);
	for (size_t i = 0; i < e->n_lines; i++)
		free(e->lines[i].text);
	free(e->kv);
	free(e->zones);
	free(e->tasks);
	free(e->lines);
	mw_buf_reset(&pending);
	memset(e, 0, sizeof(*e));
	e->pending = pending;	/* keep the buffer's memory for the next block */
}

/* ---- task table ---- */

enum col {
	COL_OTHER,
	COL_UID,
	COL_TGID,
	COL_TOTAL_VM,
	COL_RSS,
	COL_RSS_ANON,
	COL_RSS_FILE,
	COL_RSS_SHMEM,
	COL_NR_PTES,
	COL_NR_PMDS,
	COL_PGTABLES,
	COL_SWAPENTS,
	COL_OOM_SCORE_ADJ,
	COL_OOM_ADJ,
	COL_CPU,
};

static const struct {
	const char *name;
	enum col col;
} col_names[] = {
	{ "uid", COL_UID }, { "tgid", COL_TGID }, { "total_vm", COL_TOTAL_VM }, { "rss", COL_RSS },
	{ "rss_anon", COL_RSS_ANON }, { "rss_file", COL_RSS_FILE }, { "rss_shmem", COL_RSS_SHMEM },
	{ "nr_ptes", COL_NR_PTES }, { "nr_pmds", COL_NR_PMDS }, { "pgtables_bytes", COL_PGTABLES },
	{ "swapents", COL_SWAPENTS }, { "oom_score_adj", COL_OOM_SCORE_ADJ }, { "oom_adj", COL_OOM_ADJ },
	{ "cpu", COL_CPU },
};

/*
 * "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name"
 * and its ancestors (nr_ptes, nr_pmds, cpu/oom_adj): the columns come from
 * the header every time, "name" is last and takes the rest of a row.
 */
static void task_header(struct mw_evblock *e, struct mw_str m)
{
	const char *p = m.ptr, *end = m.ptr + m.len;
	while (p < end && *p != ']')
		p++;
	if (p < end)
		p++;
	e->ncols = 0;
	for (;;) {
		size_t n;
		const char *t = mw_next_token(p, end, &n, &p);
		enum col c = COL_OTHER;
		if (!n || (n == 4 && memcmp(t, "name", 4) == 0))
			break;
		for (size_t i = 0; i < MW_ARRAY_SIZE(col_names); i++)
			if (strlen(col_names[i].name) == n && memcmp(col_names[i].name, t, n) == 0)
				c = col_names[i].col;
		if (e->ncols < (int)MW_ARRAY_SIZE(e->cols))
			e->cols[e->ncols++] = (int)c;
	}
	e->have_header = true;
}

static void set_col(struct mw_rec_event_task *t, enum col c, int64_t v)
{
	switch (c) {
	case COL_UID: t->uid = v; break;
	case COL_TGID: t->tgid = v; break;
	case COL_TOTAL_VM: t->total_vm = v; break;
	case COL_RSS: t->rss = v; break;
	case COL_RSS_ANON: t->rss_anon = v; break;
	case COL_RSS_FILE: t->rss_file = v; break;
	case COL_RSS_SHMEM: t->rss_shmem = v; break;
	case COL_NR_PTES: t->nr_ptes = v; break;
	case COL_PGTABLES: t->pgtables_bytes = v; break;
	case COL_SWAPENTS: t->swapents = v; break;
	case COL_OOM_SCORE_ADJ: t->oom_score_adj = v; break;
	default: break;
	}
}

/* One row "[  15618]     0 15618    17037    16711 ... tail"; false when it is not one. */
static bool task_row(struct mw_evblock *e, struct mw_pctx *ctx, const struct mw_kline *l, struct mw_str m)
{
	const char *p = m.ptr, *end = m.ptr + m.len, *q;
	struct mw_record r;
	struct mw_rec_event_task *t;
	uint64_t pid;
	int64_t vals[20];
	int n = 0, want;
	struct ev_task *slot = NULL;
	int64_t weight;

	if (p >= end || *p != '[')
		return false;
	q = mw_scan_u64(mw_skip_ws(p + 1, end), end, &pid);
	if (!q || q >= end || *q != ']')
		return false;
	p = q + 1;
	want = e->have_header ? e->ncols : (int)MW_ARRAY_SIZE(vals);
	while (n < want) {
		const char *s = mw_skip_ws(p, end);
		int64_t v;
		q = mw_scan_i64(s, end, &v);
		if (!q || (q < end && *q != ' ' && *q != '\t'))
			break;
		vals[n++] = v;
		p = q;
	}
	if (e->have_header && n < e->ncols) {
		mw_pwarn(ctx, l->line, "OOM task table: row has %d of the %d columns of its header, skipped", n, e->ncols);
		return true;
	}
	mw_record_init(&r, MW_REC_EVENT_TASK, l->line);
	t = &r.u.event_task;
	t->pid = (int64_t)pid;
	if (e->have_header) {
		for (int i = 0; i < n; i++)
			set_col(t, (enum col)e->cols[i], vals[i]);
	} else if (n >= 5) {
		/* no header (a cut-off report): only the columns every era agrees on */
		t->uid = vals[0];
		t->tgid = vals[1];
		t->total_vm = vals[2];
		t->rss = vals[3];
		t->oom_score_adj = vals[n - 1];
	}
	p = mw_skip_ws(p, end);
	e->tasks_seen++;
	if (t->rss != MW_UNKNOWN)
		e->tasks_rss += t->rss;
	if (t->swapents != MW_UNKNOWN)
		e->tasks_swapents += t->swapents;
	if (t->pgtables_bytes != MW_UNKNOWN)
		e->tasks_pgtables_bytes += t->pgtables_bytes;
	else if (t->nr_ptes != MW_UNKNOWN)
		e->tasks_pgtables_bytes += t->nr_ptes * 4096;
	weight = (t->rss != MW_UNKNOWN ? t->rss : 0) + (t->swapents != MW_UNKNOWN ? t->swapents : 0);
	if (e->n_tasks < EV_MAX_TASKS) {
		MW_GROW(e->tasks, e->alloc_tasks, e->n_tasks + 1);
		slot = &e->tasks[e->n_tasks++];
	} else {
		/* keep the largest: replace the smallest kept row when this one is larger */
		size_t min = 0;
		for (size_t i = 1; i < e->n_tasks; i++)
			if (e->tasks[i].weight < e->tasks[min].weight)
				min = i;
		if (e->tasks[min].weight < weight) {
			slot = &e->tasks[min];
			free(slot->name);
		}
	}
	if (slot) {
		slot->t = *t;
		slot->name = mw_xstrndup(p, (size_t)(end - p));
		slot->weight = weight;
	}
	return true;
}

/* ---- trace ---- */

/*
 * Whether a line belongs to a call trace or register dump: frames
 * ("[<ffffffff816861ac>] dump_stack+0x19/0x1b", " ? kthread+0x11f/0x140",
 * "<ffffffff80151921>{cache_grow+177}", "warn_alloc+0x100/0x170 [mod id]"),
 * markers (<IRQ>, <TASK>), registers ("RIP: 0033:...", "x29: ...",
 * "Code: ..."), stack words and wrapped Code bytes.
 */
static bool trace_line(struct mw_str m, bool *ret_frame)
{
	const char *p = m.ptr, *end = m.ptr + m.len;
	*ret_frame = false;
	if (!m.len)
		return false;
	/* registers: x86 (RIP: RAX: R10: EFLAGS: CR2: FS: ...), not any "WORD:" (DMI:, ACPI: are boot lines) */
	{
		static const char *const regs[] = { "RIP", "RSP", "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R08",
						     "R09", "R10", "R11", "R12", "R13", "R14", "R15", "EIP", "ESP", "EAX",
						     "EBX", "ECX", "EDX", "ESI", "EDI", "EBP", "EFLAGS", "ORIG_RAX", "FS",
						     "GS", "CS", "DS", "ES", "SS", "CR0", "CR2", "CR3", "CR4", "DR0", "DR1",
						     "DR2", "DR3", "DR6", "DR7", "PKRU" };
		const char *q = p;
		while (q < end && ((*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_'))
			q++;
		if (q > p && q < end && *q == ':' && (q + 1 == end || q[1] == ' '))
			for (size_t i = 0; i < MW_ARRAY_SIZE(regs); i++)
				if (strlen(regs[i]) == (size_t)(q - p) && memcmp(regs[i], p, (size_t)(q - p)) == 0)
					return true;
		q = p;
		while (q < end && ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9')))
			q++;
		if (q > p && q - p <= 6 && (mw_starts_with(q, end, " : ") || mw_starts_with(q, end, ": ")) &&
		    (mw_starts_with(p, end, "pc") || mw_starts_with(p, end, "lr") || mw_starts_with(p, end, "sp") ||
		     mw_starts_with(p, end, "pstate") || p[0] == 'x'))
			return true;
	}
	if (mw_starts_with(p, end, "Code: ") || mw_starts_with(p, end, "Modules linked in:") ||
	    mw_starts_with(p, end, "Stack:") || mw_starts_with(p, end, "Exception stack"))
		return true;
	/* markers and addresses in front of a frame */
	for (;;) {
		if (p < end && *p == '<') {
			const char *q = p + 1;
			while (q < end && *q != '>' && *q != ' ')
				q++;
			if (q < end && *q == '>') {
				bool hex = q - p > 1;
				for (const char *h = p + 1; h < q; h++)
					if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f')))
						hex = false;
				if (hex && q + 1 < end && q[1] == '{') {
					/* 2.6 x86-64: "<ffffffff8014e5f0>{__alloc_pages+816}" */
					*ret_frame = true;
					return true;
				}
				p = mw_skip_ws(q + 1, end);
				if (p == end)
					return true;
				continue;
			}
		}
		if (mw_starts_with(p, end, "[<")) {
			const char *q = p + 2;
			while (q < end && *q != ']')
				q++;
			p = mw_skip_ws(q < end ? q + 1 : q, end);
			continue;
		}
		if (mw_starts_with(p, end, "? ")) {
			p += 2;
			continue;
		}
		break;
	}
	/* "name+0x1c/0x20" or "(name+0x1c/0x20)" */
	if (p < end && *p == '(')
		p++;
	{
		const char *q = p;
		while (q < end && *q != '+' && *q != ' ')
			q++;
		if (q > p && q + 3 < end && q[0] == '+' && q[1] == '0' && q[2] == 'x' && mw_find(q, end, "/0x")) {
			*ret_frame = true;
			return true;
		}
	}
	/* stack words "ffff880182272f10 00000000021dcb0a ..." and wrapped Code bytes "0f 05 <48> 3d" */
	{
		int words = 0;
		const char *q = p;
		while ((q = mw_skip_ws(q, end)) < end) {
			const char *t = q;
			while (q < end && *q != ' ')
				q++;
			for (const char *h = t; h < q; h++)
				if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f') || *h == '<' || *h == '>'))
					return false;
			if (!(q - t == 2 || q - t == 4 || q - t == 8 || q - t == 16))
				return false;
			words++;
		}
		return words > 0;
	}
}

/* ---- the state ---- */

/* One lane: the block being read, for one printk caller when the log prints them. */
struct evstate {
	struct mw_evblock ev;
	char host[256];
	int64_t suppressed;		/* "warn_alloc: N callbacks suppressed" before the next failure */
	int64_t caller;			/* the printk caller of the lane's lines, 0 without caller ids */
};

/*
 * Without printk caller ids one lane reads every line: a report that starts
 * while another is open closes it (cut). With them ("[  T123]", "[   C1]"),
 * each task or CPU gets a lane of its own, so reports printed at the same
 * time by two CPUs come apart whole: up to EV_LANES at once.
 */
#define EV_LANES 4
struct evmux {
	struct evstate lane[EV_LANES];
	struct mw_buf norm;		/* a message with its no-break spaces made plain */
};

static void note_cut(struct mw_evblock *e, struct mw_pctx *ctx, const char *why)
{
	static const char *const kinds[MW_EVENT__MAX] = {
		[MW_EVENT_OOM_KILL] = "OOM report",
		[MW_EVENT_ALLOC_FAILURE] = "allocation failure report",
		[MW_EVENT_ALLOC_STALL] = "allocation stall report",
		[MW_EVENT_SHOW_MEM] = "show_mem dump",
		[MW_EVENT_OOM_REAPER] = "oom_reaper line",
	};
	mw_pnote(ctx, e->first_line, "%s cut off %s; kept what it has", kinds[e->kind], why);
}

/* Whether the block reached its natural end (an OOM report ends at its kill line, whatever its dump). */
static bool block_complete(const struct mw_evblock *e)
{
	switch (e->kind) {
	case MW_EVENT_OOM_KILL:
		return e->killed || e->finished;
	case MW_EVENT_SHOW_MEM:
		return e->showmem_tail;
	default:
		return !e->showmem_seen || e->showmem_tail;
	}
}

static struct mw_str sv(const char *s)
{
	return s ? mw_str_make(s, strlen(s)) : MW_STR_NULL;
}

/* Emits the block: the event, then its children. */
static int emit_block(struct evstate *s, struct mw_klog *kl, struct mw_pctx *ctx)
{
	struct mw_evblock *e = &s->ev;
	struct mw_record r;
	struct mw_rec_event *ev;
	struct mw_kline bl;
	struct mw_str rel;
	int ret;

	memset(&bl, 0, sizeof(bl));
	bl.line = e->first_line;
	bl.ts = e->ts;
	bl.wall = e->wall;
	bl.host = e->host;
	if ((ret = mw_klog_need_boot(kl, ctx, &bl)) < 0)
		return ret;

	/* derived counters that only make sense once the block is whole */
	if (e->kstack_node || e->kstack_zone_kb)
		mw_ev_kv(e, "kernel_stack_kb", e->kstack_node ? e->kstack_node_kb : e->kstack_zone_kb, MW_UNIT_KB, MW_UNKNOWN);
	if (e->pgtables_node || e->pgtables_zone_kb)
		mw_ev_kv(e, "pagetables_kb", e->pgtables_node ? e->pgtables_node_kb : e->pgtables_zone_kb, MW_UNIT_KB,
			 MW_UNKNOWN);
	if (e->hugetlb_seen) {
		mw_ev_kv(e, "hugetlb_total_kb", e->hugetlb_total_kb, MW_UNIT_KB, MW_UNKNOWN);
		mw_ev_kv(e, "hugetlb_free_kb", e->hugetlb_free_kb, MW_UNIT_KB, MW_UNKNOWN);
	}
	if (e->slabinfo_seen)
		mw_ev_kv(e, "unreclaimable_slab_used_kb", e->slab_used_kb, MW_UNIT_KB, MW_UNKNOWN);
	if (e->tasks_seen) {
		mw_ev_kv(e, "tasks_count", (int64_t)e->tasks_seen, MW_UNIT_COUNT, MW_UNKNOWN);
		mw_ev_kv(e, "tasks_kept", (int64_t)e->n_tasks, MW_UNIT_COUNT, MW_UNKNOWN);
		mw_ev_kv(e, "tasks_rss_pages", e->tasks_rss, MW_UNIT_PAGES, MW_UNKNOWN);
		mw_ev_kv(e, "tasks_swapents_pages", e->tasks_swapents, MW_UNIT_PAGES, MW_UNKNOWN);
		mw_ev_kv(e, "tasks_pgtables_bytes", e->tasks_pgtables_bytes, MW_UNIT_BYTES, MW_UNKNOWN);
	}
	{
		static const char *const stat_keys[] = { "memcg_rss_bytes", "memcg_cache_bytes", "memcg_shmem_bytes",
							 "memcg_swap_bytes", "memcg_anon_bytes", "memcg_file_bytes",
							 "memcg_kernel_bytes", "memcg_slab_bytes", "memcg_sock_bytes",
							 "memcg_pagetables_bytes", "memcg_kernel_stack_bytes",
							 "memcg_mapped_file_bytes", "memcg_unevictable_bytes",
							 "memcg_percpu_bytes", "memcg_vmalloc_bytes", "memcg_rss_huge_bytes" };
		for (size_t i = 0; i < MW_ARRAY_SIZE(stat_keys); i++) {
			if (e->memcg_total_seen[i])
				mw_ev_kv(e, stat_keys[i], e->memcg_total[i], MW_UNIT_BYTES, MW_UNKNOWN);
			else if (e->memcg_stat_seen[i])
				mw_ev_kv(e, stat_keys[i], e->memcg_stat[i], MW_UNIT_BYTES, MW_UNKNOWN);
		}
	}
	if (e->lines_dropped)
		mw_ev_kv(e, "evidence_lines_dropped", (int64_t)e->lines_dropped, MW_UNIT_COUNT, MW_UNKNOWN);

	mw_record_init(&r, MW_REC_EVENT, e->first_line);
	r.ts = e->ts;
	ev = &r.u.event;
	ev->kind = e->kind;
	ev->first_line = e->first_line;
	ev->last_line = e->last_line;
	ev->ts = e->ts;
	ev->wall = e->wall;
	ev->trigger_comm = sv(e->trigger_comm);
	ev->trigger_pid = e->trigger_pid;
	ev->order = e->order;
	ev->gfp_mask = sv(e->gfp_mask);
	ev->gfp_names = sv(e->gfp_names);
	ev->nodemask = sv(e->nodemask);
	ev->cpuset = sv(e->cpuset);
	ev->mems_allowed = sv(e->mems_allowed);
	ev->oom_score_adj = e->oom_score_adj;
	rel = sv(e->kernel_release);
	if (!rel.len)
		rel = mw_klog_release(kl);
	ev->kernel_release = rel;
	ev->constraint = sv(e->constraint);
	ev->oom_memcg = sv(e->oom_memcg);
	ev->task_memcg = sv(e->task_memcg);
	ev->memcg = e->memcg;
	ev->victim_pid = e->victim_pid;
	ev->victim_comm = sv(e->victim_comm);
	ev->victim_score = e->victim_score;
	ev->victim_total_vm_kb = e->victim_total_vm_kb;
	ev->victim_anon_rss_kb = e->victim_anon_rss_kb;
	ev->victim_file_rss_kb = e->victim_file_rss_kb;
	ev->victim_shmem_rss_kb = e->victim_shmem_rss_kb;
	ev->victim_uid = e->victim_uid;
	ev->victim_pgtables_kb = e->victim_pgtables_kb;
	ev->victim_oom_score_adj = e->victim_oom_score_adj;
	ev->reaped = e->reaped;
	ev->stall_ms = e->stall_ms;
	ev->truncated = e->truncated;
	ev->summary = sv(e->summary);
	if ((ret = mw_emit(ctx, &r)) < 0)
		return ret;

	for (size_t i = 0; i < e->n_kv; i++) {
		mw_record_init(&r, MW_REC_EVENT_KV, e->first_line);
		r.u.event_kv.key = sv(e->kv[i].key);
		r.u.event_kv.value = e->kv[i].value;
		r.u.event_kv.unit = e->kv[i].unit;
		r.u.event_kv.node = e->kv[i].node;
		if ((ret = mw_emit(ctx, &r)) < 0)
			return ret;
	}
	for (size_t i = 0; i < e->n_zones; i++) {
		const struct ev_zone *z = &e->zones[i];
		struct mw_rec_event_zone *rz;
		mw_record_init(&r, MW_REC_EVENT_ZONE, z->zone_line ? z->zone_line : z->buddy_line);
		rz = &r.u.event_zone;
		rz->node = z->node;
		rz->zone = sv(z->name);
		rz->free_kb = z->free_kb;
		rz->min_kb = z->min_kb;
		rz->low_kb = z->low_kb;
		rz->high_kb = z->high_kb;
		rz->present_kb = z->present_kb;
		rz->managed_kb = z->managed_kb;
		rz->boost_kb = z->boost_kb;
		rz->reserved_highatomic_kb = z->highatomic_kb;
		rz->free_cma_kb = z->free_cma_kb;
		rz->all_unreclaimable = z->all_unreclaimable;
		rz->zone_line = z->zone_line;
		rz->buddy_line = z->buddy_line;
		rz->n_reserve = z->n_reserve;
		memcpy(rz->lowmem_reserve, z->reserve, sizeof(rz->lowmem_reserve));
		rz->n_orders = z->n_orders;
		memcpy(rz->counts, z->counts, sizeof(rz->counts));
		rz->page_kb = z->page_kb;
		for (unsigned k = 0; k < z->n_orders && k < MW_MAX_ORDERS; k++)
			rz->migratetypes[k] = sv(z->types[k]);
		if ((ret = mw_emit(ctx, &r)) < 0)
			return ret;
	}
	for (size_t i = 0; i < e->n_tasks; i++) {
		mw_record_init(&r, MW_REC_EVENT_TASK, e->first_line);
		r.u.event_task = e->tasks[i].t;
		r.u.event_task.name = sv(e->tasks[i].name);
		if ((ret = mw_emit(ctx, &r)) < 0)
			return ret;
	}
	for (size_t i = 0; i < e->n_lines; i++) {
		mw_record_init(&r, MW_REC_EVENT_LINE, e->lines[i].line);
		r.u.event_line.line = e->lines[i].line;
		r.u.event_line.role = sv(e->lines[i].role);
		r.u.event_line.text = sv(e->lines[i].text);
		if ((ret = mw_emit(ctx, &r)) < 0)
			return ret;
	}
	return 0;
}

/* Ends the open block: emits it (noting a cut-off one) and resets. */
static int close_block(struct evstate *s, struct mw_klog *kl, struct mw_pctx *ctx, const char *why)
{
	struct mw_evblock *e = &s->ev;
	int r;
	if (!e->open)
		return 0;
	mw_showmem_flush(e, ctx);
	if (!block_complete(e)) {
		e->truncated = true;
		note_cut(e, ctx, why);
	} else if (e->showmem_seen && !e->showmem_tail) {
		/* an abridged quote, or lines lost: the figures of the dump are partial */
		mw_ev_kv(e, "showmem_incomplete", 1, MW_UNIT_NONE, MW_UNKNOWN);
		mw_pnote(ctx, e->first_line, "the show_mem dump of this report has no 'pages RAM' totals (abridged?)");
	}
	r = emit_block(s, kl, ctx);
	ev_release(e);
	return r;
}

static void open_block(struct evstate *s, enum mw_event_kind kind, enum ev_section sec, const struct mw_kline *l,
		       struct mw_str m)
{
	struct mw_evblock *e = &s->ev;
	ev_release(e);
	e->open = true;
	e->kind = kind;
	e->sec = sec;
	e->first_line = e->last_line = l->line;
	e->ts = e->last_ts = l->ts;
	e->wall = e->last_wall = l->wall;
	if (l->host.len) {
		size_t n = MW_MIN(l->host.len, sizeof(s->host) - 1);
		memcpy(s->host, l->host.ptr, n);
		s->host[n] = '\0';
		e->host = mw_str_make(s->host, n);
	}
	e->trigger_pid = e->order = e->oom_score_adj = MW_UNKNOWN;
	e->victim_pid = e->victim_score = e->victim_total_vm_kb = e->victim_anon_rss_kb = MW_UNKNOWN;
	e->victim_file_rss_kb = e->victim_shmem_rss_kb = e->victim_uid = MW_UNKNOWN;
	e->victim_pgtables_kb = e->victim_oom_score_adj = e->stall_ms = MW_UNKNOWN;
	e->last_zone = -1;
	e->summary = m.len ? mw_xstrndup(m.ptr, MW_MIN(m.len, (size_t)512)) : NULL;
	if (l->wall_no_year)
		mw_ev_kv(e, "time_year_guessed", 1, MW_UNIT_NONE, MW_UNKNOWN);
}

static void took(struct mw_evblock *e, const struct mw_kline *l)
{
	e->last_line = l->line;
	if (l->ts == l->ts)
		e->last_ts = l->ts;
	if (l->wall != MW_UNKNOWN)
		e->last_wall = l->wall;
	e->unrelated = 0;
}

/* Common fields of the failure-line patterns. */
static void take_failure(struct mw_evblock *e, const struct mw_match *mt)
{
	set_str(&e->trigger_comm, grp(mt, "comm"));
	e->order = grp_i64(mt, "order");
	set_str(&e->gfp_mask, grp(mt, "mask"));
	set_str(&e->gfp_names, grp(mt, "names"));
	set_str(&e->nodemask, grp(mt, "nodemask"));
	set_str(&e->cpuset, grp(mt, "cpuset"));
	set_str(&e->mems_allowed, grp(mt, "mems"));
}

/* "size 8392704, page order 0, failed to allocate pages" / "allocated 8192 of 16384 bytes" */
static void vmalloc_rest(struct mw_evblock *e, struct mw_str rest)
{
	const char *p = rest.ptr, *end = rest.ptr + rest.len, *q;
	int64_t v;
	if ((q = mw_find(p, end, "size ")) && mw_scan_i64(q + 5, end, &v))
		mw_ev_kv(e, "vmalloc_bytes", v, MW_UNIT_BYTES, MW_UNKNOWN);
	else if ((q = mw_find(p, end, " of ")) && mw_scan_i64(q + 4, end, &v))
		mw_ev_kv(e, "vmalloc_bytes", v, MW_UNIT_BYTES, MW_UNKNOWN);
	else if (mw_scan_i64(mw_skip_ws(p, end), end, &v))
		mw_ev_kv(e, "vmalloc_bytes", v, MW_UNIT_BYTES, MW_UNKNOWN);
	if ((q = mw_find(p, end, "page order ")) && mw_scan_i64(q + 11, end, &v))
		e->order = v;
	mw_ev_kv(e, "vmalloc", 1, MW_UNIT_NONE, MW_UNKNOWN);
}

/* A line that starts a new block; false when it starts none. */
static bool start_block(struct evstate *s, enum pat id, const struct mw_match *mt, const struct mw_kline *l,
			struct mw_str m)
{
	struct mw_evblock *e = &s->ev;
	switch (id) {
	case P_OOM_TRIGGER: {
		int64_t adj;
		open_block(s, MW_EVENT_OOM_KILL, SEC_HEADER, l, m);
		set_str(&e->trigger_comm, grp(mt, "comm"));
		set_str(&e->gfp_mask, grp(mt, "mask"));
		set_str(&e->gfp_names, grp(mt, "names"));
		set_str(&e->nodemask, grp(mt, "nodemask"));
		e->order = grp_i64(mt, "order");
		adj = grp_i64(mt, "adj");
		e->oom_score_adj = adj != MW_UNKNOWN ? adj : grp_i64(mt, "oldadj");
		mw_ev_line(e, l->line, "trigger", m.ptr, m.len);
		return true;
	}
	case P_ALLOC_FAIL:
	case P_VMALLOC_FAIL:
	case P_STALL:
		open_block(s, id == P_STALL ? MW_EVENT_ALLOC_STALL : MW_EVENT_ALLOC_FAILURE, SEC_HEADER, l, m);
		take_failure(e, mt);
		if (id == P_STALL)
			e->stall_ms = grp_i64(mt, "ms");
		if (id == P_VMALLOC_FAIL)
			vmalloc_rest(e, grp(mt, "rest"));
		if (s->suppressed > 0)
			mw_ev_kv(e, "callbacks_suppressed", s->suppressed, MW_UNIT_COUNT, MW_UNKNOWN);
		s->suppressed = 0;
		mw_ev_line(e, l->line, "trigger", m.ptr, m.len);
		return true;
	case P_SHOW_MEMORY:
		open_block(s, MW_EVENT_SHOW_MEM, SEC_AWAIT, l, m);
		mw_ev_line(e, l->line, "trigger", m.ptr, m.len);
		return true;
	default:
		return false;
	}
}

/* The victim line: "Out of memory: Killed process 473206 (doxygen) total-vm:30290680kB, anon-rss:..." */
static void take_killed(struct mw_evblock *e, const struct mw_match *mt)
{
	struct mw_str rest = grp(mt, "rest"), reason = grp(mt, "reason");
	const char *p = rest.ptr, *end = rest.ptr + rest.len, *q;
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "total-vm:", offsetof(struct mw_evblock, victim_total_vm_kb) },
		{ "vsz:", offsetof(struct mw_evblock, victim_total_vm_kb) },
		{ "anon-rss:", offsetof(struct mw_evblock, victim_anon_rss_kb) },
		{ "file-rss:", offsetof(struct mw_evblock, victim_file_rss_kb) },
		{ "shmem-rss:", offsetof(struct mw_evblock, victim_shmem_rss_kb) },
		{ "UID:", offsetof(struct mw_evblock, victim_uid) },
		{ "pgtables:", offsetof(struct mw_evblock, victim_pgtables_kb) },
		{ "oom_score_adj:", offsetof(struct mw_evblock, victim_oom_score_adj) },
	};
	e->victim_pid = grp_i64(mt, "pid");
	set_str(&e->victim_comm, grp(mt, "comm"));
	for (size_t i = 0; p && i < MW_ARRAY_SIZE(keys); i++) {
		int64_t v;
		if ((q = mw_find(p, end, keys[i].key)) && mw_scan_i64(q + strlen(keys[i].key), end, &v))
			*(int64_t *)((char *)e + keys[i].off) = v;
	}
	if (reason.len && mw_find(reason.ptr, reason.ptr + reason.len, "emory cgroup"))
		e->memcg = true;
	e->killed = true;
	e->sec = SEC_KILL;
}

/* "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/...,task=doxygen,pid=473206,uid=504" */
static void take_oom_kill(struct mw_evblock *e, struct mw_str rest)
{
	const char *p = rest.ptr, *end = rest.ptr + rest.len;
	const char *c, *nm, *cs, *ma, *om, *tm, *tk, *pid, *uid;
	/* anchor on the keys from the right: cgroup paths may hold commas */
	uid = NULL;
	for (const char *q = end; q - 5 >= p; q--)
		if (memcmp(q - 5, ",uid=", 5) == 0) {
			uid = q - 5;
			break;
		}
	pid = NULL;
	for (const char *q = uid ? uid : end; q - 5 >= p; q--)
		if (memcmp(q - 5, ",pid=", 5) == 0) {
			pid = q - 5;
			break;
		}
	tk = NULL;
	for (const char *q = pid ? pid : end; q - 6 >= p; q--)
		if (memcmp(q - 6, ",task=", 6) == 0) {
			tk = q - 6;
			break;
		}
	c = mw_find(p, end, "constraint=");
	nm = mw_find(p, end, ",nodemask=");
	cs = mw_find(p, end, ",cpuset=");
	ma = cs ? mw_find(cs, end, ",mems_allowed=") : NULL;
	om = mw_find(p, end, ",oom_memcg=");
	tm = mw_find(p, end, ",task_memcg=");
	if (c) {
		const char *ce = c + 11;
		while (ce < end && *ce != ',')
			ce++;
		set_str(&e->constraint, mw_str_make(c + 11, (size_t)(ce - c - 11)));
	}
	if (nm && cs && cs > nm && !e->nodemask)
		set_str(&e->nodemask, mw_str_make(nm + 10, (size_t)(cs - nm - 10)));
	if (cs && ma) {
		const char *me = ma + 14;
		set_str(&e->cpuset, mw_str_make(cs + 8, (size_t)(ma - cs - 8)));
		while (me < end && *me != ',')
			me++;
		set_str(&e->mems_allowed, mw_str_make(ma + 14, (size_t)(me - ma - 14)));
	}
	if (om && tm && tm > om) {
		set_str(&e->oom_memcg, mw_str_make(om + 11, (size_t)(tm - om - 11)));
		e->memcg = true;
	}
	if (tm && tk && tk > tm)
		set_str(&e->task_memcg, mw_str_make(tm + 12, (size_t)(tk - tm - 12)));
	if (e->constraint && strcmp(e->constraint, "CONSTRAINT_MEMCG") == 0)
		e->memcg = true;
	if (tk && pid && !e->victim_comm)
		set_str(&e->victim_comm, mw_str_make(tk + 6, (size_t)(pid - tk - 6)));
	if (pid && e->victim_pid == MW_UNKNOWN) {
		int64_t v;
		if (mw_scan_i64(pid + 5, end, &v))
			e->victim_pid = v;
	}
	if (uid && e->victim_uid == MW_UNKNOWN) {
		int64_t v;
		if (mw_scan_i64(uid + 5, end, &v))
			e->victim_uid = v;
	}
}

/* memcg statistics we keep (bytes), in the order of stat_keys in emit_block(). */
static int memcg_stat_index(const char *name, size_t n)
{
	static const char *const names[] = { "rss", "cache", "shmem", "swap", "anon", "file", "kernel", "slab", "sock",
					     "pagetables", "kernel_stack", "mapped_file", "unevictable", "percpu",
					     "vmalloc", "rss_huge" };
	for (size_t i = 0; i < MW_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
			return (int)i;
	if (n == 11 && memcmp(name, "file_mapped", 11) == 0)
		return 11;
	return -1;
}

/* "cache:0KB rss:233428KB ..." on the stats line (<= 4.x) */
static void memcg_stats_inline(struct mw_evblock *e, struct mw_str rest)
{
	const char *p = rest.ptr, *end = rest.ptr + rest.len;
	while ((p = mw_skip_ws(p, end)) < end) {
		const char *t = p, *colon = NULL;
		int64_t v;
		while (p < end && *p != ' ') {
			if (*p == ':' && !colon)
				colon = p;
			p++;
		}
		if (colon) {
			const char *q = mw_scan_i64(colon + 1, p, &v);
			int i = memcg_stat_index(t, (size_t)(colon - t));
			bool total = false;
			if (i < 0 && colon - t > 6 && memcmp(t, "total_", 6) == 0) {
				i = memcg_stat_index(t + 6, (size_t)(colon - t - 6));
				total = true;
			}
			if (q && i >= 0) {
				int64_t bytes = mw_starts_with(q, p, "KB") || mw_starts_with(q, p, "kB") ? v * 1024 : v;
				if (total) {
					e->memcg_total[i] = bytes;
					e->memcg_total_seen[i] = true;
				} else {
					e->memcg_stat[i] += bytes;
					e->memcg_stat_seen[i] = true;
				}
			}
		}
	}
}

/* "rss 66904064" / "anon 233472000" / "total_rss 66904064": one statistic per line (v1 6.x, v2) */
static bool memcg_stat_line(struct mw_evblock *e, struct mw_str m)
{
	const char *p = m.ptr, *end = m.ptr + m.len, *sp;
	int64_t v;
	int i;
	bool total = false;
	for (sp = p; sp < end && *sp != ' '; sp++)
		if (!((*sp >= 'a' && *sp <= 'z') || (*sp >= '0' && *sp <= '9') || *sp == '_'))
			return false;
	if (sp == p || sp >= end || mw_scan_i64(sp + 1, end, &v) != end)
		return false;
	i = memcg_stat_index(p, (size_t)(sp - p));
	if (i < 0 && sp - p > 6 && memcmp(p, "total_", 6) == 0) {
		i = memcg_stat_index(p + 6, (size_t)(sp - p - 6));
		total = true;
	}
	if (i >= 0) {
		if (total) {
			e->memcg_total[i] = v;
			e->memcg_total_seen[i] = true;
		} else {
			e->memcg_stat[i] += v;
			e->memcg_stat_seen[i] = true;
		}
	}
	return true;
}

/* "kmalloc-512            123456KB     234567KB" */
static bool slab_row(struct mw_evblock *e, const struct mw_kline *l, struct mw_str m)
{
	const char *p = m.ptr, *end = m.ptr + m.len, *q;
	int64_t used, total;
	size_t n;
	const char *name = mw_next_token(p, end, &n, &p);
	(void)name;
	if (!n)
		return false;
	q = mw_scan_i64(mw_skip_ws(p, end), end, &used);
	if (!q || !mw_starts_with(q, end, "KB"))
		return false;
	q = mw_scan_i64(mw_skip_ws(q + 2, end), end, &total);
	if (!q || !mw_starts_with(q, end, "KB"))
		return false;
	e->slab_used_kb += used;
	if (used >= 1024)
		mw_ev_line(e, l->line, "slab", m.ptr, m.len);
	return true;
}

enum { NOT_MINE = 0, TAKEN = 1, RETRY = 2 };

/* How many foreign lines an open block lets pass before it is considered over. */
static unsigned budget(const struct mw_evblock *e)
{
	if (e->killed)
		return 50;	/* oom_reaper lines may come a little later */
	if (block_complete(e) && (e->showmem_seen || e->kind == MW_EVENT_SHOW_MEM))
		return 0;
	if (e->kind != MW_EVENT_OOM_KILL && !e->showmem_seen && e->sec == SEC_TRACE)
		return 5;	/* warn_alloc prints show_mem right after the trace, when at all */
	return 100;
}

static int feed_open(struct evstate *s, struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l,
		     struct mw_str m, enum pat id, const struct mw_match *mt)
{
	struct mw_evblock *e = &s->ev;
	bool oom = e->kind == MW_EVENT_OOM_KILL;
	bool head = e->sec <= SEC_TRACE && !e->showmem_seen;
	int r;

	switch (id) {
	case P_OOM_TRIGGER:
	case P_ALLOC_FAIL:
	case P_VMALLOC_FAIL:
	case P_STALL:
		if ((r = close_block(s, kl, ctx, l->line ? "where another report starts (interleaved reports?)" : "")) < 0)
			return r;
		return RETRY;
	case P_SHOW_MEMORY:
		if (e->kind == MW_EVENT_SHOW_MEM && e->sec == SEC_AWAIT)
			goto take;
		if ((r = close_block(s, kl, ctx, "where a sysrq-m dump starts")) < 0)
			return r;
		return RETRY;
	case P_SUPPRESSED:
		s->suppressed = grp_i64(mt, "n");
		return TAKEN;
	case P_CPUSET:
		if (head && e->trigger_comm && grp(mt, "comm").len == strlen(e->trigger_comm) &&
		    memcmp(grp(mt, "comm").ptr, e->trigger_comm, strlen(e->trigger_comm)) == 0) {
			set_str(&e->cpuset, grp(mt, "cpuset"));
			set_str(&e->mems_allowed, grp(mt, "mems"));
			goto take;
		}
		break;
	case P_CPU:
	case P_CPU_NOREL:
	case P_PID:
		if (e->sec == SEC_HEADER && !e->have_cpu) {
			struct mw_str rel = grp(mt, "rel");
			e->have_cpu = true;
			e->trigger_pid = grp_i64(mt, "pid");
			if (!e->trigger_comm)
				set_str(&e->trigger_comm, grp(mt, "comm"));
			if (rel.len)
				set_str(&e->kernel_release, rel);
			mw_ev_line(e, l->line, "cpu", m.ptr, m.len);
			goto take;
		}
		break;
	case P_HARDWARE:
		if (head)
			goto take;
		break;
	case P_WORKQUEUE:
		if (head) {
			mw_ev_line(e, l->line, "workqueue", m.ptr, m.len);
			goto take;
		}
		break;
	case P_CALL_TRACE:
		if (head && !e->trace_seen) {
			struct mw_str rest = mw_str_trim(grp(mt, "rest"));
			e->sec = SEC_TRACE;
			e->trace_seen = true;
			if (rest.len && e->n_trace < EV_MAX_TRACE) {
				mw_ev_line(e, l->line, "trace", rest.ptr, rest.len);
				e->n_trace++;
			}
			goto take;
		}
		break;
	case P_COMPACTION:
		if (oom && head)
			goto take;
		break;
	case P_TASK_IN:
	case P_LIMIT_REACHED:
		if (oom && !e->killed) {
			set_str(&e->oom_memcg, grp(mt, "limit"));
			if (id == P_TASK_IN)
				set_str(&e->task_memcg, grp(mt, "task"));
			e->memcg = true;
			e->sec = SEC_MEMCG;
			mw_ev_line(e, l->line, "memcg", m.ptr, m.len);
			goto take;
		}
		break;
	case P_MEMCG_USAGE:
		if (oom && !e->killed) {
			struct mw_str what = grp(mt, "what");
			const char *pfx = mw_str_eq(what, "memory") ? "memcg" : mw_str_eq(what, "memory+swap") ? "memcg_memsw"
					: mw_str_eq(what, "swap") ? "memcg_swap" : mw_str_eq(what, "kmem") ? "memcg_kmem"
					: "memcg_tcp";
			char key[48];
			snprintf(key, sizeof(key), "%s_usage_kb", pfx);
			mw_ev_kv(e, key, grp_i64(mt, "usage"), MW_UNIT_KB, MW_UNKNOWN);
			snprintf(key, sizeof(key), "%s_limit_kb", pfx);
			mw_ev_kv(e, key, grp_i64(mt, "limit"), MW_UNIT_KB, MW_UNKNOWN);
			snprintf(key, sizeof(key), "%s_failcnt", pfx);
			mw_ev_kv(e, key, grp_i64(mt, "failcnt"), MW_UNIT_COUNT, MW_UNKNOWN);
			e->sec = SEC_MEMCG;
			mw_ev_line(e, l->line, "memcg", m.ptr, m.len);
			goto take;
		}
		break;
	case P_MEMCG_STATS:
		if (oom && !e->killed) {
			struct mw_str rest = grp(mt, "rest");
			if (!e->oom_memcg)
				set_str(&e->oom_memcg, grp(mt, "path"));
			e->memcg = true;
			if (rest.len)
				memcg_stats_inline(e, rest);
			e->sec = SEC_MEMCG_STATS;
			goto take;
		}
		break;
	case P_TASKS_STATE:
		if (oom && !e->killed) {
			e->sec = SEC_TASKS;
			goto take;
		}
		break;
	case P_TASK_HEADER:
		if (oom && !e->killed) {
			task_header(e, m);
			e->sec = SEC_TASKS;
			goto take;
		}
		break;
	case P_SLAB_HEADER:
		if (oom && !e->killed) {
			e->sec = SEC_SLABINFO;
			e->slabinfo_seen = true;
			mw_ev_line(e, l->line, "slab", m.ptr, m.len);
			goto take;
		}
		break;
	case P_OOM_KILL:
		if (oom && !e->killed && !e->constraint) {
			take_oom_kill(e, grp(mt, "rest"));
			mw_ev_line(e, l->line, "summary", m.ptr, m.len);
			e->sec = SEC_KILL;
			goto take;
		}
		if ((r = close_block(s, kl, ctx, "where another OOM summary line starts")) < 0)
			return r;
		return RETRY;
	case P_SELECT:
		if (oom && !e->killed) {
			mw_ev_kv(e, "selected_pid", grp_i64(mt, "pid"), MW_UNIT_NONE, MW_UNKNOWN);
			e->victim_score = grp_i64(mt, "score");
			if (mw_find(m.ptr, m.ptr + m.len, "emory cgroup"))
				e->memcg = true;
			mw_ev_line(e, l->line, "select", m.ptr, m.len);
			e->sec = SEC_KILL;
			goto take;
		}
		if ((r = close_block(s, kl, ctx, "")) < 0)
			return r;
		return RETRY;
	case P_KILLED:
		if (oom && !e->killed) {
			take_killed(e, mt);
			mw_ev_line(e, l->line, "kill", m.ptr, m.len);
			goto take;
		}
		if ((r = close_block(s, kl, ctx, "")) < 0)
			return r;
		return RETRY;
	case P_SHARING:
		if (oom && e->killed) {
			mw_ev_kv_add(e, "killed_sharing_mm", 1, MW_UNIT_COUNT, MW_UNKNOWN);
			goto take;
		}
		break;
	case P_REAPER:
		if (oom && (e->killed || e->finished)) {
			int64_t pid = grp_i64(mt, "pid");
			if (pid == e->victim_pid) {
				e->reaped = true;
				mw_ev_line(e, l->line, "reaper", m.ptr, m.len);
			} else {
				mw_ev_kv_add(e, "reaped_other", 1, MW_UNIT_COUNT, MW_UNKNOWN);
			}
			goto take;
		}
		break;
	case P_EXITING:
		if (oom && !e->killed) {
			e->finished = true;
			e->victim_pid = grp_i64(mt, "pid");
			set_str(&e->victim_comm, grp(mt, "comm"));
			mw_ev_kv(e, "victim_exiting", 1, MW_UNIT_NONE, MW_UNKNOWN);
			mw_ev_line(e, l->line, "kill", m.ptr, m.len);
			e->sec = SEC_KILL;
			goto take;
		}
		break;
	case P_NO_KILLABLE:
		if (oom && !e->killed) {
			e->finished = true;
			mw_ev_kv(e, "no_killable", 1, MW_UNIT_NONE, MW_UNKNOWN);
			mw_ev_line(e, l->line, "kill", m.ptr, m.len);
			goto take;
		}
		break;
	case P_PANIC:
		if (oom) {
			e->finished = true;
			mw_ev_kv(e, "panic", 1, MW_UNIT_NONE, MW_UNKNOWN);
			mw_ev_line(e, l->line, "panic", m.ptr, m.len);
			goto take;
		}
		break;
	case P_OOM_GROUP:
		if (oom) {
			mw_ev_kv(e, "oom_group", 1, MW_UNIT_NONE, MW_UNKNOWN);
			mw_ev_line(e, l->line, "memcg", m.ptr, m.len);
			goto take;
		}
		break;
	default:
		break;
	}

	/* lines that belong to the section we are in */
	if (mw_showmem_kind(m) == SM_MEMINFO) {
		if (e->kind == MW_EVENT_SHOW_MEM && e->sec == SEC_AWAIT) {
			e->sec = SEC_SHOWMEM;
			e->showmem_seen = true;
			goto take;
		}
		if (e->kind != MW_EVENT_SHOW_MEM && !e->showmem_seen && !e->killed) {
			e->sec = SEC_SHOWMEM;
			e->showmem_seen = true;
			goto take;
		}
		if ((r = close_block(s, kl, ctx, "where a new Mem-Info dump starts")) < 0)
			return r;
		return RETRY;
	}
	if (e->sec == SEC_HEADER || e->sec == SEC_TRACE) {
		bool frame;
		if (!e->showmem_seen && trace_line(m, &frame)) {
			if (frame && e->n_trace < EV_MAX_TRACE) {
				mw_ev_line(e, l->line, "trace", m.ptr, m.len);
				e->n_trace++;
			}
			if (e->sec == SEC_HEADER && frame)
				e->sec = SEC_TRACE;
			goto take;
		}
	}
	if (e->sec == SEC_SHOWMEM && mw_showmem_line(e, ctx, l, m))
		goto take;
	if (e->sec == SEC_MEMCG_STATS && memcg_stat_line(e, m))
		goto take;
	if (e->sec == SEC_TASKS && task_row(e, ctx, l, m))
		goto take;
	if (e->sec == SEC_SLABINFO) {
		if (mw_starts_with(m.ptr, m.ptr + m.len, "Name ") || slab_row(e, l, m))
			goto take;
	}
	/* a show_mem line after the trace without its "Mem-Info:" header (a lost line) */
	if ((e->sec == SEC_TRACE || e->sec == SEC_HEADER) && !e->showmem_seen && !e->killed) {
		enum sm_kind k = mw_showmem_kind(m);
		if (k == SM_COUNTERS || k == SM_ZONE || k == SM_PERCPU) {
			e->sec = SEC_SHOWMEM;
			e->showmem_seen = true;
			mw_showmem_line(e, ctx, l, m);
			goto take;
		}
	}
	/* a line of someone else */
	if (++e->unrelated > budget(e)) {
		if ((r = close_block(s, kl, ctx, e->unrelated > 50 ? "(no continuation after many other lines)" : "")) < 0)
			return r;
	}
	return NOT_MINE;

take:
	took(e, l);
	return TAKEN;
}

/* Lines that start an OOM block although its first line is missing (a log window that begins inside a report). */
static bool orphan_oom_line(enum pat id)
{
	switch (id) {
	case P_TASK_IN:
	case P_LIMIT_REACHED:
	case P_MEMCG_USAGE:
	case P_TASKS_STATE:
	case P_TASK_HEADER:
	case P_OOM_KILL:
	case P_SELECT:
	case P_KILLED:
	case P_EXITING:
	case P_NO_KILLABLE:
		return true;
	default:
		return false;
	}
}

static int feed_idle(struct evstate *s, struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l,
		     struct mw_str m, enum pat id, const struct mw_match *mt)
{
	struct mw_evblock *e = &s->ev;
	if (start_block(s, id, mt, l, m))
		return TAKEN;
	if (id == P_SUPPRESSED) {
		s->suppressed = grp_i64(mt, "n");
		return TAKEN;
	}
	if (mw_showmem_kind(m) == SM_MEMINFO) {
		open_block(s, MW_EVENT_SHOW_MEM, SEC_SHOWMEM, l, m);
		e->showmem_seen = true;
		return TAKEN;
	}
	if (id == P_REAPER) {
		/* a reaper line whose report is not in the input: a victim all the same */
		int r;
		open_block(s, MW_EVENT_OOM_REAPER, SEC_KILL, l, m);
		e->victim_pid = grp_i64(mt, "pid");
		set_str(&e->victim_comm, grp(mt, "comm"));
		e->reaped = true;
		mw_ev_line(e, l->line, "reaper", m.ptr, m.len);
		r = emit_block(s, kl, ctx);
		ev_release(e);
		return r < 0 ? r : TAKEN;
	}
	if (orphan_oom_line(id)) {
		int r;
		open_block(s, MW_EVENT_OOM_KILL, SEC_MEMCG, l, MW_STR_NULL);
		e->truncated = true;
		mw_pnote(ctx, l->line, "OOM report without its first line (the input starts inside it?); kept what it has");
		r = feed_open(s, kl, ctx, l, m, id, mt);
		return r < 0 ? r : TAKEN;
	}
	return NOT_MINE;
}

/* Classifies a message: the first pattern that matches, P_NONE if none. */
static enum pat classify(struct mw_str m, struct mw_match *mt)
{
	for (int i = 0; i < P__MAX; i++)
		if (match(mt, (enum pat)i, m))
			return (enum pat)i;
	return P_NONE;
}

/* Cheap test for lines no pattern can match (most of a log). */
static bool maybe_event(struct mw_str m)
{
	const char *p = m.ptr, *end = m.ptr + m.len;
	static const char *const lits[] = { "oom", "llocation", "Mem-", "Show Memory", "ill process", "Kill",
					    "pid", "emory", "Task", "vmalloc", "race:", "Comm:", "comm:", "Hardware",
					    "Workqueue", "COMPACTION", "usage", "panic", "mems_allowed", "slab info",
					    "tion stall" };
	for (size_t i = 0; i < MW_ARRAY_SIZE(lits); i++)
		if (mw_find(p, end, lits[i]))
			return true;
	return false;
}

static bool expired(const struct mw_evblock *e, const struct mw_kline *l)
{
	if (!l->prefixed || l->continuation)
		return false;
	if (l->ts == l->ts && e->last_ts == e->last_ts && (l->ts > e->last_ts + 10.0 || l->ts + 1.0 < e->last_ts))
		return true;
	if (l->wall != MW_UNKNOWN && e->last_wall != MW_UNKNOWN && l->wall > e->last_wall + 10)
		return true;
	return false;
}

/*
 * The lane of a line: its caller's open block, else a free lane (lane 0
 * when the log prints no callers). With every lane busy, a block that
 * only waits for the line after its kill is closed first; else the one
 * that took a line longest ago is cut: a line never joins another
 * caller's report.
 */
static int pick_lane(struct evmux *x, struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l,
		     struct evstate **ret)
{
	struct evstate *free_lane = NULL, *done = NULL, *oldest = NULL, *s;
	int r;
	*ret = &x->lane[0];
	if (!l->caller)
		return 0;
	for (size_t i = 0; i < EV_LANES; i++) {
		s = &x->lane[i];
		if (!s->ev.open) {
			if (!free_lane)
				free_lane = s;
			continue;
		}
		if (s->caller == l->caller) {
			*ret = s;
			return 0;
		}
		if (!done && block_complete(&s->ev))
			done = s;
		if (!oldest || s->ev.last_line < oldest->ev.last_line)
			oldest = s;
	}
	s = free_lane ? free_lane : done ? done : oldest;
	if (s->ev.open && (r = close_block(s, kl, ctx, "(more reports at once than memwaste follows)")) < 0)
		return r;
	s->caller = l->caller;
	*ret = s;
	return 0;
}

/* Closes the open lanes (those expired at line l, or all when l is NULL), the earliest report first. */
static int close_lanes(struct evmux *x, struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l,
		       const char *why)
{
	for (;;) {
		struct evstate *first = NULL;
		int r;
		for (size_t i = 0; i < EV_LANES; i++) {
			const struct mw_evblock *e = &x->lane[i].ev;
			if (e->open && (!l || expired(e, l)) && (!first || e->first_line < first->ev.first_line))
				first = &x->lane[i];
		}
		if (!first)
			return 0;
		if ((r = close_block(first, kl, ctx, why)) < 0)
			return r;
	}
}

static int events_feed(void *state, struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l)
{
	struct evmux *x = state;
	struct evstate *s;
	struct mw_evblock *e;
	struct mw_str m;
	struct mw_match mt = { NULL, P_NONE, NULL };
	enum pat id = P_NONE;
	struct mw_kline nl;
	int r;

	if (mw_pattern_set_compile(&set) < 0) {
		mw_diag_add(ctx->diag, MW_SEV_ERROR, ctx->file, 0, "klog", "internal error: %s", set.error);
		return -EINVAL;
	}
	/* pastes from mail and web pages carry U+00A0 where the kernel printed spaces */
	if (l->len && memchr(l->msg, 0xc2, l->len) && mw_find(l->msg, l->msg + l->len, "\xc2\xa0")) {
		mw_buf_reset(&x->norm);
		for (size_t i = 0; i < l->len; i++) {
			if ((unsigned char)l->msg[i] == 0xc2 && i + 1 < l->len && (unsigned char)l->msg[i + 1] == 0xa0) {
				mw_buf_addch(&x->norm, ' ');
				i++;
			} else {
				mw_buf_addch(&x->norm, l->msg[i]);
			}
		}
		nl = *l;
		nl.msg = x->norm.buf;
		nl.len = x->norm.len;
		l = &nl;
	}
	m = mw_str_trim(mw_str_make(l->msg, l->len));
	if ((r = close_lanes(x, kl, ctx, l, "(nothing followed within 10 seconds)")) < 0)
		return r;
	if ((r = pick_lane(x, kl, ctx, l, &s)) < 0)
		return r;
	e = &s->ev;
	if (!m.len)
		return e->open && (e->sec == SEC_HEADER || e->sec == SEC_TRACE) ? 1 : 0;
	if (maybe_event(m))
		id = classify(m, &mt);
	if (e->open) {
		r = feed_open(s, kl, ctx, l, m, id, &mt);
		if (r < 0)
			return r;
		if (r != RETRY)
			return r == TAKEN;
		/* the block closed at this line: it may start the next one */
	}
	r = feed_idle(s, kl, ctx, l, m, id, &mt);
	return r < 0 ? r : r == TAKEN;
}

/* A new boot begins: what is open belongs to the old one. */
static int events_boundary(void *state, struct mw_klog *kl, struct mw_pctx *ctx)
{
	return close_lanes(state, kl, ctx, NULL, "by a reboot");
}

static int events_finish(void *state, struct mw_klog *kl, struct mw_pctx *ctx)
{
	struct evmux *x = state;
	int r = close_lanes(x, kl, ctx, NULL, "at the end of the input");
	for (size_t i = 0; i < EV_LANES; i++) {
		ev_release(&x->lane[i].ev);
		mw_buf_release(&x->lane[i].ev.pending);
	}
	mw_buf_release(&x->norm);
	return r;
}

const struct mw_klog_handler mw_klog_events = {
	.name = "events",
	.state_size = sizeof(struct evmux),
	.feed = events_feed,
	.finish = events_finish,
	.boundary = events_boundary,
};
