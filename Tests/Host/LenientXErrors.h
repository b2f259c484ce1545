#pragma once
// Installs an X error handler that prints and ignores X protocol errors (see LenientXErrors.cpp).
// Call it again after a plugin's editor is created: the plugin's own JUCE may install its handler.
void installLenientXErrorHandler();
// How many X errors the handler has ignored so far.
int ignoredXErrors();
