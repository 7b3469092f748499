<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DatasetSummary</name>
    <message>
        <source>The dataset folder does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 images but %3 masks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No training patches (train/*.png).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 training patches have no [labels] in their names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training file names mix label styles.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobSettings</name>
    <message>
        <source>Choose the dataset folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset folder %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset folder %1 has no train/ folder of labelled patches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset folder has no %1/ split to evaluate on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the output folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output %1 is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume needs the folder of an earlier run; %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model checkpoint %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the pseudo-mask folder to train on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pseudo-mask folder %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers must be a comma-separated list of bn7, b5_2 and b4_5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The batch size must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The learning rate cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads must be 0 (all cores) or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device must be auto, cpu or cuda.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Project</name>
    <message>
        <source>%1 already holds a project; open it instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a project folder (no project.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was written by a newer ARML Studio (format %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::AboutDialog</name>
    <message>
        <source>About ARML Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`arml info` failed (exit code %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine (`arml`) was not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>asking the engine…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;ARML Studio %1&lt;/h3&gt;&lt;p&gt;Weakly supervised tissue segmentation of H&amp;amp;E histology with Activation Relocalization and Mutual Learning (ARML, MICCAI 2024).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Desktop:&lt;/b&gt; Qt %2, QCustomPlot %3, OpenSlide %4 (build)&lt;/p&gt;&lt;p&gt;&lt;b&gt;Engine:&lt;/b&gt;&lt;br&gt;%5&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::MainWindow</name>
    <message>
        <source>ARML Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare CAMs and correct pseudo masks (coming next).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole-slide viewer with prediction overlays (coming next).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ARML Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — ARML Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project %1 open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No project open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project: choose or create an empty folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project: choose the dataset folder (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is still running. Stop it (it saves a checkpoint you can resume), or let it finish? If it finishes, ARML Studio closes its window and quits when the job ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let it finish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::ProjectPage</name>
    <message>
        <source>&lt;h2&gt;No project open&lt;/h2&gt;&lt;p&gt;A project keeps a dataset, your training runs, generated pseudo masks and corrected masks together in one folder.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can also start a job on the Training page without a project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tissue classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dataset chosen yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training patches: %1 &amp;nbsp; · &amp;nbsp; validation: %2 images / %3 masks &amp;nbsp; · &amp;nbsp; test: %4 images / %5 masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patches per label: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::RunController</name>
    <message>
        <source>The job did not stop in time; killing it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the event log %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop requested: the job saves a checkpoint and exits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>artifact %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job crashed (killed by a signal).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job rejected its input (exit code 2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job failed (exit code %1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::RunsPage</name>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mIoU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a run to see its settings and metrics; select two (Ctrl+click) to compare their curves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet. Jobs started on the Training page are recorded here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project to see its runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 (%2, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final metrics:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the first two selected runs are compared.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic (GPU when available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute &amp;device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute &amp;threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Projects folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;atasets folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`arml` &amp;program:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies the next time ARML Studio starts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::TrainingPage</name>
    <message>
        <source>Whole pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage 1: train the classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pseudo masks (Grad-CAM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage 2: train the segmenter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paper (reference settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cpu-demo (small and fast)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dataset root with train/, val/, test/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint of a stage-1 or stage-2 run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder of pseudo-mask PNGs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pseudo-mask folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.params);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ResNet38d (full, 105 M parameters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ResNet38d lite (width / 8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reference (as the published code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intended (as the paper describes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grad-CAM layers, comma-separated: bn7, b5_2, b4_5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>val</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Job:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mas&amp;ks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ARS mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the job (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop: the job saves a checkpoint and exits (Ctrl+.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the last stopped run from its checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the command line to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No job running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export the plot to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job&apos;s messages appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic: masks/&lt;new run&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic: runs/&lt;new run&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder for checkpoints and results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Cannot start:&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>$ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the run record: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · epoch %2/%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · step %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 images/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · loss %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write metrics.csv: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped. Resume continues from the last checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::widgets::LossPlot</name>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
