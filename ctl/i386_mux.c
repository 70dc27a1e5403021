// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - i386 socket and IPC syscalls: multiplexed and direct numbers
 *
 * On i386, libseccomp resolves socket(2), shmget(2) and their kin to pseudo
 * numbers, because they used to be reachable only through socketcall(2) and
 * ipc(2); its x86 rule_add then places each rule on the direct syscall
 * (socket is 359 since Linux 4.3) and on the multiplexer with arg0 == call.
 * moatctl does the same, with the direct numbers from the kernel's own
 * asm/unistd_32.h. This file is apart because that header's __NR_ values
 * are i386's and must not meet the native ones.
 */

#include <string.h>

#include <asm/unistd_32.h>

#include "profile.h"

/* libseccomp's pseudo numbers: -100 - SYS_* for socketcall, -200 - op for ipc */
#define PNR_SOCKET_FIRST -120
#define PNR_SOCKET_LAST -100
#define PNR_IPC_FIRST -224
#define PNR_IPC_LAST -200

static const struct {
	const char *name;
	int nr;
} direct[] = {
	{ "socket", __NR_socket },
	{ "bind", __NR_bind },
	{ "connect", __NR_connect },
	{ "listen", __NR_listen },
	{ "getsockname", __NR_getsockname },
	{ "getpeername", __NR_getpeername },
	{ "socketpair", __NR_socketpair },
	{ "sendto", __NR_sendto },
	{ "recvfrom", __NR_recvfrom },
	{ "shutdown", __NR_shutdown },
	{ "setsockopt", __NR_setsockopt },
	{ "getsockopt", __NR_getsockopt },
	{ "sendmsg", __NR_sendmsg },
	{ "recvmsg", __NR_recvmsg },
	{ "accept4", __NR_accept4 },
	{ "recvmmsg", __NR_recvmmsg },
	{ "sendmmsg", __NR_sendmmsg },
	{ "semget", __NR_semget },
	{ "semctl", __NR_semctl },
	{ "msgsnd", __NR_msgsnd },
	{ "msgrcv", __NR_msgrcv },
	{ "msgget", __NR_msgget },
	{ "msgctl", __NR_msgctl },
	{ "shmat", __NR_shmat },
	{ "shmdt", __NR_shmdt },
	{ "shmget", __NR_shmget },
	{ "shmctl", __NR_shmctl },
};

/*
 * For a libseccomp pseudo number on i386: the multiplexer's number and the
 * call number it takes in arg0, and the direct syscall (-1 if there is none,
 * as for accept, send, recv, semop and semtimedop). Returns 0, or -1 if @pnr
 * is not a socket or IPC pseudo number.
 */
int i386_mux(const char *name, int pnr, int *mux_nr, int *call, int *direct_nr)
{
	size_t i;

	if (pnr >= PNR_SOCKET_FIRST && pnr <= PNR_SOCKET_LAST) {
		*mux_nr = __NR_socketcall;
		*call = -pnr - 100;
	} else if (pnr >= PNR_IPC_FIRST && pnr <= PNR_IPC_LAST) {
		*mux_nr = __NR_ipc;
		*call = -pnr - 200;
	} else {
		return -1;
	}
	*direct_nr = -1;
	for (i = 0; i < sizeof(direct) / sizeof(direct[0]); i++)
		if (!strcmp(direct[i].name, name))
			*direct_nr = direct[i].nr;
	return 0;
}
