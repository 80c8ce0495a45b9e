package org.hbakit.controller.api;

/**
 * DriverKit's {@code kern_return_t} / {@code IOReturn} codes, with their real values ({@code IOReturn.h}).
 * <p>
 * Calls between the framework and a controller return these codes where the DriverKit member returns
 * {@code kern_return_t}: {@link #kIOReturnSuccess} means success, anything else failure. Out parameters are
 * one-element arrays the caller supplies, the Java rendering of DriverKit's {@code uint64_t *id}: the callee
 * sets element 0.
 */
public final class IOReturn {
	/** OK. */
	public static final int kIOReturnSuccess = 0;
	/** General error. */
	public static final int kIOReturnError = 0xE00002BC;
	/** Cannot allocate memory. */
	public static final int kIOReturnNoMemory = 0xE00002BD;
	/** Resource shortage. */
	public static final int kIOReturnNoResources = 0xE00002BE;
	/** No such device. */
	public static final int kIOReturnNoDevice = 0xE00002C0;
	/** Invalid argument. */
	public static final int kIOReturnBadArgument = 0xE00002C2;
	/** Device is busy or in use. */
	public static final int kIOReturnExclusiveAccess = 0xE00002C5;
	/** Unsupported function. */
	public static final int kIOReturnUnsupported = 0xE00002C7;
	/** Internal error. */
	public static final int kIOReturnInternalError = 0xE00002C9;
	/** Device not open. */
	public static final int kIOReturnNotOpen = 0xE00002CD;
	/** Device busy. */
	public static final int kIOReturnBusy = 0xE00002D5;
	/** I/O timeout. */
	public static final int kIOReturnTimeout = 0xE00002D6;
	/** Device not ready. */
	public static final int kIOReturnNotReady = 0xE00002D8;
	/** Not permitted. */
	public static final int kIOReturnNotPermitted = 0xE00002E2;
	/** Device offline. */
	public static final int kIOReturnOffline = 0xE00002D7;
	/** Data was not found. */
	public static final int kIOReturnNotFound = 0xE00002F0;
	/** Operation aborted. */
	public static final int kIOReturnAborted = 0xE00002EB;
	/** I/O error. */
	public static final int kIOReturnIOError = 0xE00002CA;
	/** Sent and received messages had different message ids. */
	public static final int kIOReturnBadMessageID = 0xE00002C6;
	/** Deprecated alias some DriverKit headers use for declining the bundled path ({@code kIOReturnFailure}). */
	public static final int kIOReturnFailure = kIOReturnError;

	private IOReturn() {
	}

	/** Whether a code means success. */
	public static boolean isSuccess(int code) {
		return code == kIOReturnSuccess;
	}

	/** The DriverKit name of a code, for logs and shell output. */
	public static String name(int code) {
		return switch (code) {
			case kIOReturnSuccess -> "kIOReturnSuccess";
			case kIOReturnError -> "kIOReturnError";
			case kIOReturnNoMemory -> "kIOReturnNoMemory";
			case kIOReturnNoResources -> "kIOReturnNoResources";
			case kIOReturnNoDevice -> "kIOReturnNoDevice";
			case kIOReturnBadArgument -> "kIOReturnBadArgument";
			case kIOReturnExclusiveAccess -> "kIOReturnExclusiveAccess";
			case kIOReturnUnsupported -> "kIOReturnUnsupported";
			case kIOReturnInternalError -> "kIOReturnInternalError";
			case kIOReturnNotOpen -> "kIOReturnNotOpen";
			case kIOReturnBusy -> "kIOReturnBusy";
			case kIOReturnTimeout -> "kIOReturnTimeout";
			case kIOReturnNotReady -> "kIOReturnNotReady";
			case kIOReturnNotPermitted -> "kIOReturnNotPermitted";
			case kIOReturnOffline -> "kIOReturnOffline";
			case kIOReturnNotFound -> "kIOReturnNotFound";
			case kIOReturnAborted -> "kIOReturnAborted";
			case kIOReturnIOError -> "kIOReturnIOError";
			case kIOReturnBadMessageID -> "kIOReturnBadMessageID";
			default -> String.format("0x%08X", code);
		};
	}
}
