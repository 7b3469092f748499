#pragma once
// qcustomplot.h uses Qt's `signals`/`slots`/`emit`/`foreach` keywords, which the project turns off
// (QT_NO_KEYWORDS, for LibTorch). Include QCustomPlot only through this header.
#ifndef signals
#define ARML_UNDEF_QT_KEYWORDS
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#endif
#include <qcustomplot.h>
#ifdef ARML_UNDEF_QT_KEYWORDS
#undef signals
#undef slots
#undef emit
#undef foreach
#undef ARML_UNDEF_QT_KEYWORDS
#endif
