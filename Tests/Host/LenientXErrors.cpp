// A lenient X error handler for console hosts that open plugin editors under Xvfb without a window
// manager: errors such as BadAtom from X_ChangeProperty (window-manager atoms that do not exist)
// would otherwise reach Xlib's default handler, which exits the process. Kept apart from the test
// sources because <X11/Xlib.h> defines macros (None, Bool, Status ...) that clash with other headers.

#include "LenientXErrors.h"

#include <X11/Xlib.h>

#include <cstdio>

namespace {
int gIgnored = 0;

int lenientXErrorHandler(Display* display, XErrorEvent* event) {
    if (++gIgnored <= 3) {   // the first few are shown; the rest are the same window-manager atoms
        char text[128] = {};
        XGetErrorText(display, event->error_code, text, sizeof text);
        std::printf("X error ignored: %s (request %d)\n", text, static_cast<int>(event->request_code));
    }
    return 0;
}
} // namespace

int ignoredXErrors() { return gIgnored; }

void installLenientXErrorHandler() { XSetErrorHandler(lenientXErrorHandler); }
