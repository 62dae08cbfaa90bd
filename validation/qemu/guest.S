/*
 * migrate-lab's validation guest: a multiboot (v1) kernel that dirties memory pages at a
 * set rate and pattern, for real QEMU live migrations (booted with `qemu-system-x86_64
 * -kernel guest.elf -append "..."`, TCG). Built with GNU as/ld (see build.ts).
 *
 * Kernel command line (decimal values; every key optional):
 *   rate=N    page writes per second (0 = idle: the CPU halts with interrupts off)
 *   start=P   first page of the written region (default 512, i.e. 2 MiB)
 *   pages=N   pages in the region (default 0 = up to the end of RAM)
 *   stride=S  pages between successive writes (default 1); the walk is
 *             idx = (idx + S) mod pages, cycling over the region
 *   fill=1    write every region page once at boot (so the region holds no zero page)
 *   report=M  print a progress line on COM1 every M ms of guest time (default 1000, 0 = never)
 *   catchup=0 do not catch up missed milliseconds: when the CPU ran late (descheduled, or
 *             throttled by QEMU's auto-converge), the next deadline is 1 ms after now, so
 *             the writes done follow the CPU time the guest got (default 1: catch up)
 *
 * Timing: the TSC is calibrated at boot against PIT channel 2 (the minimum over twenty
 * 25 ms one-shots, read on port 0x61 bit 5). The PIT channel 0 interrupts at ~1 kHz only to wake the halted CPU;
 * every millisecond deadline of the TSC that has passed adds `rate` to an accumulator
 * and each 1000 of it is one page write, so lost timer interrupts do not lose writes
 * (missed milliseconds are caught up at once). Each write stores the running write
 * count (never 0) into the first 32-bit word of the page, so a written page is never
 * a zero page. Output on COM1 (0x3F8):
 *   "MIGLAB rate=... start=... pages=... stride=... fill=... mem=..." (hex), "TSC/ms=...",
 *   "READY", then "T<ms> W<writes>" (hex) every `report` ms, or "IDLE".
 */
        .set MB_MAGIC, 0x1BADB002
        .set MB_FLAGS, 0x00000003
        .set COM1, 0x3F8

        .section .text
        .code32
        .globl _start
        .align 4
mb_header:
        .long MB_MAGIC
        .long MB_FLAGS
        .long -(MB_MAGIC + MB_FLAGS)

_start:
        cli
        mov $stack_top, %esp
        mov %ebx, mbinfo
        lgdt gdt_desc
        ljmp $0x08, $1f
1:      mov $0x10, %ax
        mov %ax, %ds
        mov %ax, %es
        mov %ax, %ss
        mov %ax, %fs
        mov %ax, %gs
        call serial_init

        /* RAM size in pages: 256 below 1 MiB plus mem_upper (KiB above 1 MiB) / 4 */
        mov mbinfo, %ebx
        movl $16384, mem_pages
        testl $1, (%ebx)
        jz 2f
        mov 8(%ebx), %eax
        shr $2, %eax
        add $256, %eax
        mov %eax, mem_pages
2:      movl $0, cmdline
        testl $4, (%ebx)
        jz 3f
        mov 16(%ebx), %eax
        mov %eax, cmdline
3:
        mov $key_rate, %esi
        mov $0, %eax
        call param
        mov %eax, rate
        mov $key_start, %esi
        mov $512, %eax
        call param
        mov %eax, start
        mov $key_pages, %esi
        mov $0, %eax
        call param
        mov %eax, pages
        mov $key_stride, %esi
        mov $1, %eax
        call param
        mov %eax, stride
        mov $key_fill, %esi
        mov $0, %eax
        call param
        mov %eax, fill
        mov $key_report, %esi
        mov $1000, %eax
        call param
        mov %eax, report
        mov $key_catchup, %esi
        mov $1, %eax
        call param
        mov %eax, catchup

        /* clamp the region to RAM: start < mem_pages, 1 <= pages <= mem_pages - start */
        mov mem_pages, %ecx
        cmp %ecx, start
        jb 4f
        movl $512, start
4:      sub start, %ecx
        mov pages, %eax
        test %eax, %eax
        jz 5f
        cmp %ecx, %eax
        jbe 6f
5:      mov %ecx, pages
6:      mov pages, %ecx
        mov stride, %eax
        test %eax, %eax
        jz 7f
        cmp %ecx, %eax
        jb 8f
7:      movl $1, stride
8:
        mov $msg_hello, %esi
        call puts
        mov rate, %eax
        call puthex
        mov $msg_start, %esi
        call puts
        mov start, %eax
        call puthex
        mov $msg_pages, %esi
        call puts
        mov pages, %eax
        call puthex
        mov $msg_stride, %esi
        call puts
        mov stride, %eax
        call puthex
        mov $msg_fill, %esi
        call puts
        mov fill, %eax
        call puthex
        mov $msg_mem, %esi
        call puts
        mov mem_pages, %eax
        call puthex
        call newline

        /* optional fill: one write to every page of the region */
        cmpl $0, fill
        je 10f
        xor %ecx, %ecx
9:      cmp pages, %ecx
        jae 10f
        mov start, %edi
        add %ecx, %edi
        shl $12, %edi
        movl $0xA5A5A5A5, (%edi)
        inc %ecx
        jmp 9b
10:
        cmpl $0, rate
        jne 12f
        mov $msg_idle, %esi
        call puts
        call newline
11:     cli
        hlt
        jmp 11b

12:     call calibrate
        mov $msg_tsc, %esi
        call puts
        mov tsc_per_ms, %eax
        call puthex
        call newline
        call idt_init
        call pic_pit_init
        mov $msg_ready, %esi
        call puts
        call newline

        rdtsc
        add tsc_per_ms, %eax
        adc $0, %edx
        mov %eax, next_lo
        mov %edx, next_hi
        sti

main_loop:
        rdtsc
        cmp next_hi, %edx
        ja due
        jb wait
        cmp next_lo, %eax
        jae due
wait:   hlt
        jmp main_loop
due:
        mov %eax, now_lo
        mov %edx, now_hi
        mov tsc_per_ms, %eax
        add %eax, next_lo
        adcl $0, next_hi
        cmpl $0, catchup
        jne 15f
        /* catchup=0: if the next deadline has passed already, move it to now + 1 ms */
        mov next_hi, %edx
        cmp now_hi, %edx
        ja 15f
        jb 14f
        mov next_lo, %edx
        cmp now_lo, %edx
        ja 15f
14:     mov now_lo, %eax
        mov now_hi, %edx
        add tsc_per_ms, %eax
        adc $0, %edx
        mov %eax, next_lo
        mov %edx, next_hi
15:     incl ms
        mov rate, %eax
        add %eax, acc
write_more:
        cmpl $1000, acc
        jb written_all
        subl $1000, acc
        incl writes
        mov idx, %edi
        add start, %edi
        shl $12, %edi
        mov writes, %eax
        mov %eax, (%edi)
        mov idx, %eax
        add stride, %eax
        cmp pages, %eax
        jb 13f
        sub pages, %eax
13:     mov %eax, idx
        jmp write_more
written_all:
        mov report, %ecx
        test %ecx, %ecx
        jz main_loop
        mov ms, %eax
        xor %edx, %edx
        div %ecx
        test %edx, %edx
        jnz main_loop
        mov $'T', %al
        call putc
        mov ms, %eax
        call puthex
        mov $msg_w, %esi
        call puts
        mov writes, %eax
        call puthex
        call newline
        jmp main_loop

/* param: %esi = "key=" (NUL-terminated), %eax = default; returns the value in %eax */
param:
        push %ebx
        push %ecx
        push %edx
        push %edi
        mov %eax, %edx
        mov cmdline, %ebx
        test %ebx, %ebx
        jz param_done
        mov %ebx, %edi
param_scan:
        cmpb $0, (%edi)
        je param_done
        cmp %ebx, %edi
        je 1f
        cmpb $' ', -1(%edi)
        jne param_next
1:      xor %ecx, %ecx
2:      mov (%esi,%ecx), %al
        test %al, %al
        jz param_found
        cmp (%edi,%ecx), %al
        jne param_next
        inc %ecx
        jmp 2b
param_next:
        inc %edi
        jmp param_scan
param_found:
        add %ecx, %edi
        xor %edx, %edx
3:      movzbl (%edi), %eax
        sub $'0', %eax
        cmp $9, %eax
        ja param_done
        imul $10, %edx, %edx
        add %eax, %edx
        inc %edi
        jmp 3b
param_done:
        mov %edx, %eax
        pop %edi
        pop %edx
        pop %ecx
        pop %ebx
        ret

/* TSC ticks per millisecond: the smallest of 20 measurements over a 25 ms one-shot of
 * PIT channel 2 each. A vCPU descheduled when the one-shot ends sees the end late and
 * counts too many ticks (on a loaded host most windows do), never too few, so the
 * minimum is the estimate. */
calibrate:
        movl $0xFFFFFFFF, cal_min
        mov $20, %ebx
1:      call calibrate_once
        cmp cal_min, %eax
        jae 2f
        mov %eax, cal_min
2:      dec %ebx
        jnz 1b
        mov cal_min, %eax
        xor %edx, %edx
        mov $25, %ecx
        div %ecx
        mov %eax, tsc_per_ms
        ret

/* calibrate_once: %eax = TSC ticks in 25 ms of PIT channel 2 (mode 0, 29830 counts) */
calibrate_once:
        push %esi
        push %edi
        in $0x61, %al
        and $0xFC, %al
        out %al, $0x61
        or $0x01, %al
        out %al, $0x61
        mov $0xB0, %al
        out %al, $0x43
        mov $29830 & 0xFF, %al
        out %al, $0x42
        mov $29830 >> 8, %al
        out %al, $0x42
        rdtsc
        mov %eax, %esi
        mov %edx, %edi
1:      in $0x61, %al
        test $0x20, %al
        jz 1b
        rdtsc
        sub %esi, %eax
        sbb %edi, %edx
        pop %edi
        pop %esi
        ret

/* IDT: all 256 vectors go to a handler that acknowledges the PIC and returns */
idt_init:
        xor %ecx, %ecx
1:      mov $isr, %eax
        mov %ax, idt(,%ecx,8)
        movw $0x08, idt+2(,%ecx,8)
        movw $0x8E00, idt+4(,%ecx,8)
        shr $16, %eax
        mov %ax, idt+6(,%ecx,8)
        inc %ecx
        cmp $256, %ecx
        jb 1b
        lidt idt_desc
        ret

isr:
        push %eax
        mov $0x20, %al
        out %al, $0xA0
        out %al, $0x20
        pop %eax
        iret

/* PICs remapped to vectors 0x20-0x2F, only IRQ0 unmasked; PIT channel 0 at ~1 kHz */
pic_pit_init:
        mov $0x11, %al
        out %al, $0x20
        out %al, $0xA0
        mov $0x20, %al
        out %al, $0x21
        mov $0x28, %al
        out %al, $0xA1
        mov $0x04, %al
        out %al, $0x21
        mov $0x02, %al
        out %al, $0xA1
        mov $0x01, %al
        out %al, $0x21
        out %al, $0xA1
        mov $0xFE, %al
        out %al, $0x21
        mov $0xFF, %al
        out %al, $0xA1
        mov $0x34, %al
        out %al, $0x43
        mov $1193 & 0xFF, %al
        out %al, $0x40
        mov $1193 >> 8, %al
        out %al, $0x40
        ret

serial_init:
        mov $COM1 + 1, %dx
        mov $0x00, %al
        out %al, %dx
        mov $COM1 + 3, %dx
        mov $0x80, %al
        out %al, %dx
        mov $COM1 + 0, %dx
        mov $0x01, %al
        out %al, %dx
        mov $COM1 + 1, %dx
        mov $0x00, %al
        out %al, %dx
        mov $COM1 + 3, %dx
        mov $0x03, %al
        out %al, %dx
        mov $COM1 + 2, %dx
        mov $0xC7, %al
        out %al, %dx
        mov $COM1 + 4, %dx
        mov $0x03, %al
        out %al, %dx
        ret

/* putc: %al */
putc:
        push %edx
        push %eax
        mov $COM1 + 5, %dx
1:      in %dx, %al
        test $0x20, %al
        jz 1b
        pop %eax
        mov $COM1, %dx
        out %al, %dx
        pop %edx
        ret

/* puts: %esi = NUL-terminated string */
puts:
        push %eax
1:      lodsb
        test %al, %al
        jz 2f
        call putc
        jmp 1b
2:      pop %eax
        ret

newline:
        push %eax
        mov $'\n', %al
        call putc
        pop %eax
        ret

/* puthex: %eax as 8 hex digits */
puthex:
        push %ebx
        push %ecx
        mov %eax, %ebx
        mov $8, %ecx
1:      rol $4, %ebx
        mov %ebx, %eax
        and $0xF, %eax
        mov hexdigits(%eax), %al
        call putc
        loop 1b
        pop %ecx
        pop %ebx
        ret

        .section .data
        .align 8
gdt:
        .quad 0
        .quad 0x00CF9A000000FFFF
        .quad 0x00CF92000000FFFF
gdt_desc:
        .word gdt_desc - gdt - 1
        .long gdt
        .align 8
idt_desc:
        .word 256 * 8 - 1
        .long idt
hexdigits:  .ascii "0123456789abcdef"
key_rate:   .asciz "rate="
key_start:  .asciz "start="
key_pages:  .asciz "pages="
key_stride: .asciz "stride="
key_fill:   .asciz "fill="
key_report: .asciz "report="
key_catchup: .asciz "catchup="
msg_hello:  .asciz "MIGLAB rate="
msg_start:  .asciz " start="
msg_pages:  .asciz " pages="
msg_stride: .asciz " stride="
msg_fill:   .asciz " fill="
msg_mem:    .asciz " mem="
msg_tsc:    .asciz "TSC/ms="
msg_ready:  .asciz "READY"
msg_idle:   .asciz "IDLE"
msg_w:      .asciz " W"
        .align 4
mbinfo:     .long 0
cmdline:    .long 0
mem_pages:  .long 0
rate:       .long 0
start:      .long 0
pages:      .long 0
stride:     .long 0
fill:       .long 0
report:     .long 0
tsc_per_ms: .long 0
cal_min:    .long 0
next_lo:    .long 0
next_hi:    .long 0
ms:         .long 0
acc:        .long 0
writes:     .long 0
idx:        .long 0
catchup:    .long 1
now_lo:     .long 0
now_hi:     .long 0

        .section .bss
        .align 16
idt:        .skip 256 * 8
stack:      .skip 16384
stack_top:
