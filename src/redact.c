/* SPDX-License-Identifier: MIT */
/* redact.c: host name and IP address placeholders shared by every renderer (redact.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "memwaste/redact.h"
#include "memwaste/banned.h"

struct host {
	char *name;
	size_t len;
	char ph[24];		/* "host-N" */
};

struct addr {
	int family;
	unsigned char a[16];
	char ph[24];		/* "ip-N" */
};

struct mw_redactor {
	struct host **hosts;	/* pointers: placeholders stay put while the array grows */
	size_t n_hosts, alloc_hosts;
	unsigned next_host;
	struct addr **addrs;
	size_t n_addrs, alloc_addrs;
	unsigned next_addr;
};

/* ASCII only: the locale must not change what counts as a word. */
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(int c) { return is_digit(c) || is_alpha(c); }
static bool is_xdigit(int c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
/*
 * Characters that continue a word around a host name: letters and digits
 * only, so "db1" is found in "sosreport-db1-2026" and "db1_x" (paths of
 * captures carry host names) but not in "db10" or "xdb1".
 */
static bool is_host_char(int c) { return is_alnum(c); }

struct mw_redactor *mw_redactor_new(void)
{
	return mw_xcalloc(1, sizeof(struct mw_redactor));
}

struct mw_redactor *mw_redactor_free(struct mw_redactor *r)
{
	size_t i;
	if (!r)
		return NULL;
	for (i = 0; i < r->n_hosts; i++) {
		free(r->hosts[i]->name);
		free(r->hosts[i]);
	}
	free(r->hosts);
	for (i = 0; i < r->n_addrs; i++)
		free(r->addrs[i]);
	free(r->addrs);
	free(r);
	return NULL;
}

static const char *addr_placeholder(struct mw_redactor *r, int family, const unsigned char *a)
{
	size_t len = family == AF_INET ? 4 : 16;
	struct addr *e;
	for (size_t i = 0; i < r->n_addrs; i++)
		if (r->addrs[i]->family == family && !memcmp(r->addrs[i]->a, a, len))
			return r->addrs[i]->ph;
	e = mw_xcalloc(1, sizeof(*e));
	e->family = family;
	memcpy(e->a, a, len);
	snprintf(e->ph, sizeof(e->ph), "ip-%u", ++r->next_addr);
	MW_GROW(r->addrs, r->alloc_addrs, r->n_addrs + 1);
	r->addrs[r->n_addrs++] = e;
	return e->ph;
}

static struct host *host_find(struct mw_redactor *r, const char *name, size_t len)
{
	for (size_t i = 0; i < r->n_hosts; i++)
		if (r->hosts[i]->len == len && !strncasecmp(r->hosts[i]->name, name, len))
			return r->hosts[i];
	return NULL;
}

static struct host *host_add(struct mw_redactor *r, const char *name, size_t len, const char *ph)
{
	struct host *h = mw_xcalloc(1, sizeof(*h));
	h->name = mw_xstrndup(name, len);
	h->len = len;
	snprintf(h->ph, sizeof(h->ph), "%s", ph);
	MW_GROW(r->hosts, r->alloc_hosts, r->n_hosts + 1);
	r->hosts[r->n_hosts++] = h;
	return h;
}

const char *mw_redactor_host(struct mw_redactor *r, const char *host)
{
	unsigned char a[16];
	struct host *h;
	char ph[24];
	const char *dot;
	size_t len;

	if (!host || !*host)
		return "";
	if (inet_pton(AF_INET, host, a) == 1)
		return addr_placeholder(r, AF_INET, a);
	if (inet_pton(AF_INET6, host, a) == 1)
		return addr_placeholder(r, AF_INET6, a);
	len = strlen(host);
	h = host_find(r, host, len);
	if (h)
		return h->ph;
	snprintf(ph, sizeof(ph), "host-%u", ++r->next_host);
	h = host_add(r, host, len, ph);
	/* "db1" of "db1.example.com": syslog prefixes print the short name */
	dot = strchr(host, '.');
	if (dot && dot - host >= 2 && !host_find(r, host, (size_t)(dot - host)))
		host_add(r, host, (size_t)(dot - host), ph);
	return h->ph;
}

/* A dotted quad at s (the caller checked the character before); its length or 0. */
static size_t match_ipv4(const char *s, unsigned char a[4])
{
	size_t p = 0;
	for (int k = 0; k < 4; k++) {
		unsigned v = 0, d = 0;
		if (k) {
			if (s[p] != '.')
				return 0;
			p++;
		}
		while (d < 3 && is_digit(s[p])) {
			v = v * 10 + (unsigned)(s[p] - '0');
			p++;
			d++;
		}
		if (!d || v > 255 || is_digit(s[p]))
			return 0;
		a[k] = (unsigned char)v;
	}
	if (is_alnum(s[p]) || s[p] == '_' || (s[p] == '.' && is_digit(s[p + 1])))
		return 0;
	return p;
}

/* An IPv6 address at s (the caller checked the character before); its length or 0. */
static size_t match_ipv6(const char *s, unsigned char a[16])
{
	size_t p = 0, colons = 0, hex = 0;
	char tmp[64];

	while (is_xdigit(s[p]) || s[p] == ':' || s[p] == '.') {
		colons += s[p] == ':';
		hex += is_xdigit(s[p]);
		p++;
	}
	if (colons < 2 || !hex || is_alnum(s[p]) || s[p] == '_')
		return 0;
	for (;;) {
		if (p < sizeof(tmp)) {
			memcpy(tmp, s, p);
			tmp[p] = '\0';
			if (inet_pton(AF_INET6, tmp, a) == 1)
				return p;
		}
		/* a sentence or a "addr: message" may end the run: "fe80::1." "fe80::1:" */
		if (p > 1 && (s[p - 1] == '.' || (s[p - 1] == ':' && s[p - 2] != ':'))) {
			p--;
			continue;
		}
		return 0;
	}
}

/* The longest known host name at s, as a whole word; its length or 0, with *ret_h set. */
static size_t match_host(struct mw_redactor *r, const char *s, struct host **ret_h)
{
	size_t best = 0;
	for (size_t i = 0; i < r->n_hosts; i++) {
		struct host *h = r->hosts[i];
		if (h->len < 2 || h->len <= best || strncasecmp(s, h->name, h->len) || is_host_char(s[h->len]))
			continue;
		best = h->len;
		*ret_h = h;
	}
	return best;
}

/* The one scanner: with out == NULL it only registers addresses. */
static void process(struct mw_redactor *r, struct mw_buf *out, const char *s)
{
	size_t i = 0, start = 0;

	while (s[i]) {
		unsigned char c = (unsigned char)s[i], prev = i ? (unsigned char)s[i - 1] : 0;
		unsigned char a[16];
		const char *ph = NULL;
		struct host *h = NULL;
		size_t m = 0;

		if (is_digit(c) && !is_alnum(prev) && prev != '_' && prev != '.') {
			m = match_ipv4(s + i, a);
			if (m)
				ph = addr_placeholder(r, AF_INET, a);
		}
		if (!m && (is_xdigit(c) || c == ':') && !is_alnum(prev) && prev != '_' && prev != ':' && prev != '.') {
			m = match_ipv6(s + i, a);
			if (m)
				ph = addr_placeholder(r, AF_INET6, a);
		}
		if (!m && r->n_hosts && is_host_char(c) && !is_host_char(prev)) {
			m = match_host(r, s + i, &h);
			if (m)
				ph = h->ph;
		}
		if (!m) {
			i++;
			continue;
		}
		if (out) {
			mw_buf_add(out, s + start, i - start);
			mw_buf_addstr(out, ph);
		}
		i += m;
		start = i;
	}
	if (out)
		mw_buf_add(out, s + start, i - start);
}

void mw_redactor_scan(struct mw_redactor *r, const char *s)
{
	if (s)
		process(r, NULL, s);
}

void mw_redactor_add(struct mw_redactor *r, struct mw_buf *out, const char *s)
{
	if (s)
		process(r, out, s);
}
