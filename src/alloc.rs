//! The global allocator of the `sortie` binary and of the parser bench: mimalloc.
//!
//! The parser and the runner make many small allocations, which mimalloc serves in a fraction
//! of the system allocator's time. `mimalloc::MiMalloc` goes through mimalloc's aligned entry
//! point for every allocation; most ask for no more alignment than every block has, and the
//! plain entry points serve those in about half the instructions.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment of every mimalloc block: a pointer's size (its size classes are multiples of
/// it, and pages start aligned to it).
const BLOCK_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc, for `#[global_allocator]`.
pub struct Mimalloc;

// SAFETY: every method forwards to the mimalloc function made for it, which meets the
// `GlobalAlloc` contract: the plain entry points where the layout asks for no more than
// `BLOCK_ALIGN` (which every block has; debug builds check it), the aligned ones otherwise.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= BLOCK_ALIGN {
            let p = unsafe { mi::mi_malloc(layout.size()) } as *mut u8;
            debug_assert!((p as usize).is_multiple_of(layout.align()));
            p
        } else {
            unsafe { mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= BLOCK_ALIGN {
            let p = unsafe { mi::mi_zalloc(layout.size()) } as *mut u8;
            debug_assert!((p as usize).is_multiple_of(layout.align()));
            p
        } else {
            unsafe { mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= BLOCK_ALIGN {
            let p = unsafe { mi::mi_realloc(ptr as *mut c_void, new_size) } as *mut u8;
            debug_assert!((p as usize).is_multiple_of(layout.align()));
            p
        } else {
            unsafe {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}
