#pragma once
// Settings that cannot work with the chosen dataset, found before Start: stage 1 trains on whole
// batches only, so fewer training patches (after deriving labels from masks) than its batch size
// fails at once in the engine ("fewer than one batch of 8"). The counts are those `arml
// inspect-data` reported (ui/project/dataset_summary.h), so the check sees what the job will see.
#include <QStringList>

#include "ui/project/dataset_summary.h"
#include "ui/training/job_settings.h"

namespace arml::ui {

// The batch size stage 1 of this job will use: the form's for a stage-1 job; a pipeline's preset
// value unless an override (stage1.batch=N) changes it. 0 for jobs without stage 1.
int stage1BatchSize(const JobSettings& s);

// The patches stage 1 will train on: the train split's, or, when labels are derived from a
// split's masks, that split's image/mask pairs (an upper bound: the engine drops images without
// any tissue class). -1 when unknown.
int stage1TrainingPatches(const JobSettings& s, const DatasetSummary& dataset);

// Sentences for the user (what is wrong and what to do); empty when the job fits or the summary
// is of another folder than the job's dataset (then nothing is known).
QStringList datasetFitProblems(const JobSettings& s, const DatasetSummary& dataset);

}  // namespace arml::ui
