<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DatasetSummary</name>
    <message>
        <source>The dataset folder does not exist.</source>
        <translation>数据集文件夹不存在。</translation>
    </message>
    <message>
        <source>%1: %2 images but %3 masks.</source>
        <translation>%1：%2 张图像，但有 %3 个掩膜。</translation>
    </message>
    <message>
        <source>No training patches (train/*.png).</source>
        <translation>没有训练图块（train/*.png）。</translation>
    </message>
    <message>
        <source>%1 training patches have no [labels] in their names.</source>
        <translation>%1 个训练图块的文件名中没有 [标签]。</translation>
    </message>
    <message>
        <source>The training file names mix label styles.</source>
        <translation>训练文件名混用了不同的标签格式。</translation>
    </message>
</context>
<context>
    <name>JobSettings</name>
    <message>
        <source>Choose the dataset folder.</source>
        <translation>请选择数据集文件夹。</translation>
    </message>
    <message>
        <source>The dataset folder %1 does not exist.</source>
        <translation>数据集文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>The dataset folder %1 has no train/ folder of labelled patches.</source>
        <translation>数据集文件夹 %1 中没有带标签图块的 train/ 文件夹。</translation>
    </message>
    <message>
        <source>The dataset folder has no %1/ split to evaluate on.</source>
        <translation>数据集文件夹中没有可供评估的 %1/ 划分。</translation>
    </message>
    <message>
        <source>Choose the output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <source>The output %1 is a file, not a folder.</source>
        <translation>输出 %1 是一个文件，而不是文件夹。</translation>
    </message>
    <message>
        <source>Resume needs the folder of an earlier run; %1 does not exist.</source>
        <translation>继续运行需要先前运行的文件夹；%1 不存在。</translation>
    </message>
    <message>
        <source>Choose the model checkpoint.</source>
        <translation>请选择模型检查点。</translation>
    </message>
    <message>
        <source>The model checkpoint %1 does not exist.</source>
        <translation>模型检查点 %1 不存在。</translation>
    </message>
    <message>
        <source>Choose the pseudo-mask folder to train on.</source>
        <translation>请选择用于训练的伪掩膜文件夹。</translation>
    </message>
    <message>
        <source>The pseudo-mask folder %1 does not exist.</source>
        <translation>伪掩膜文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>Layers must be a comma-separated list of bn7, b5_2 and b4_5.</source>
        <translation>层必须是由 bn7、b5_2 和 b4_5 组成的逗号分隔列表。</translation>
    </message>
    <message>
        <source>Epochs must be at least 1.</source>
        <translation>训练轮数至少为 1。</translation>
    </message>
    <message>
        <source>The batch size must be at least 1.</source>
        <translation>批大小至少为 1。</translation>
    </message>
    <message>
        <source>The learning rate cannot be negative.</source>
        <translation>学习率不能为负数。</translation>
    </message>
    <message>
        <source>Threads must be 0 (all cores) or more.</source>
        <translation>线程数必须为 0（全部核心）或更多。</translation>
    </message>
    <message>
        <source>The device must be auto, cpu or cuda.</source>
        <translation>设备必须是 auto、cpu 或 cuda。</translation>
    </message>
</context>
<context>
    <name>Project</name>
    <message>
        <source>%1 already holds a project; open it instead.</source>
        <translation>%1 中已有项目，请直接打开它。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>%1 is not a project folder (no project.json).</source>
        <translation>%1 不是项目文件夹（没有 project.json）。</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2</source>
        <translation>%1 不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>%1 was written by a newer ARML Studio (format %2).</source>
        <translation>%1 由更新版本的 ARML Studio 写入（格式 %2）。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>arml::ui::AboutDialog</name>
    <message>
        <source>About ARML Studio</source>
        <translation>关于 ARML Studio</translation>
    </message>
    <message>
        <source>`arml info` failed (exit code %1): %2</source>
        <translation>`arml info` 执行失败（退出码 %1）：%2</translation>
    </message>
    <message>
        <source>The engine (`arml`) was not found: %1</source>
        <translation>未找到计算引擎（`arml`）：%1</translation>
    </message>
    <message>
        <source>asking the engine…</source>
        <translation>正在查询计算引擎…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ARML Studio %1&lt;/h3&gt;&lt;p&gt;Weakly supervised tissue segmentation of H&amp;amp;E histology with Activation Relocalization and Mutual Learning (ARML, MICCAI 2024).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Desktop:&lt;/b&gt; Qt %2, QCustomPlot %3, OpenSlide %4 (build)&lt;/p&gt;&lt;p&gt;&lt;b&gt;Engine:&lt;/b&gt;&lt;br&gt;%5&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ARML Studio %1&lt;/h3&gt;&lt;p&gt;基于激活重定位与互学习（ARML，MICCAI 2024）的 H&amp;amp;E 组织病理图像弱监督组织分割。&lt;/p&gt;&lt;p&gt;&lt;b&gt;桌面端：&lt;/b&gt;Qt %2，QCustomPlot %3，OpenSlide %4（编译时）&lt;/p&gt;&lt;p&gt;&lt;b&gt;计算引擎：&lt;/b&gt;&lt;br&gt;%5&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>arml::ui::MainWindow</name>
    <message>
        <source>ARML Studio</source>
        <translation>ARML Studio</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审阅</translation>
    </message>
    <message>
        <source>Compare CAMs and correct pseudo masks (coming next).</source>
        <translation>比较 CAM 并修正伪掩膜（即将推出）。</translation>
    </message>
    <message>
        <source>Slides</source>
        <translation>全切片</translation>
    </message>
    <message>
        <source>Whole-slide viewer with prediction overlays (coming next).</source>
        <translation>带预测叠加层的全切片查看器（即将推出）。</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>任务%1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Start Job</source>
        <translation>开始任务(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>S&amp;top Job</source>
        <translation>停止任务(&amp;T)</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>&amp;Resume Job</source>
        <translation>继续任务(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ARML Studio</source>
        <translation>关于 ARML Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>%1 — ARML Studio</source>
        <translation>%1 — ARML Studio</translation>
    </message>
    <message>
        <source>Project %1 open</source>
        <translation>已打开项目 %1</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>New project: choose or create an empty folder</source>
        <translation>新建项目：选择或创建一个空文件夹</translation>
    </message>
    <message>
        <source>New project: choose the dataset folder (optional)</source>
        <translation>新建项目：选择数据集文件夹（可选）</translation>
    </message>
    <message>
        <source>Open project folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message>
        <source>A job is still running. Stop it (it saves a checkpoint you can resume), or let it finish? If it finishes, ARML Studio closes its window and quits when the job ends.</source>
        <translation>仍有任务正在运行。要停止它（会保存可继续的检查点），还是让它运行完成？若选择运行完成，ARML Studio 将关闭窗口，并在任务结束后退出。</translation>
    </message>
    <message>
        <source>Stop the job</source>
        <translation>停止任务</translation>
    </message>
    <message>
        <source>Let it finish</source>
        <translation>让它运行完成</translation>
    </message>
</context>
<context>
    <name>arml::ui::ProjectPage</name>
    <message>
        <source>&lt;h2&gt;No project open&lt;/h2&gt;&lt;p&gt;A project keeps a dataset, your training runs, generated pseudo masks and corrected masks together in one folder.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;未打开项目&lt;/h2&gt;&lt;p&gt;项目将数据集、训练运行、生成的伪掩膜和修正后的掩膜统一保存在一个文件夹中。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>You can also start a job on the Training page without a project.</source>
        <translation>也可以不建项目，直接在“训练”页面启动任务。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Tissue classes</source>
        <translation>组织类别</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>文件夹：%1</translation>
    </message>
    <message>
        <source>No dataset chosen yet.</source>
        <translation>尚未选择数据集。</translation>
    </message>
    <message>
        <source>Reading the dataset…</source>
        <translation>正在读取数据集…</translation>
    </message>
    <message>
        <source>Layout: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;</source>
        <translation>格式：&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;</translation>
    </message>
    <message>
        <source>Training patches: %1 &amp;nbsp; · &amp;nbsp; validation: %2 images / %3 masks &amp;nbsp; · &amp;nbsp; test: %4 images / %5 masks</source>
        <translation>训练图块：%1 &amp;nbsp; · &amp;nbsp; 验证集：%2 张图像 / %3 个掩膜 &amp;nbsp; · &amp;nbsp; 测试集：%4 张图像 / %5 个掩膜</translation>
    </message>
    <message>
        <source>Patches per label: %1</source>
        <translation>各标签图块数：%1</translation>
    </message>
</context>
<context>
    <name>arml::ui::RunController</name>
    <message>
        <source>The job did not stop in time; killing it.</source>
        <translation>任务未能及时停止，正在强制结束。</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cannot write the event log %1: %2</source>
        <translation>无法写入事件日志 %1：%2</translation>
    </message>
    <message>
        <source>Stop requested: the job saves a checkpoint and exits.</source>
        <translation>已请求停止：任务将保存检查点并退出。</translation>
    </message>
    <message>
        <source>artifact %1: %2</source>
        <translation>产出 %1：%2</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Could not start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>The job crashed (killed by a signal).</source>
        <translation>任务崩溃（被信号终止）。</translation>
    </message>
    <message>
        <source>The job rejected its input (exit code 2).</source>
        <translation>任务拒绝了输入（退出码 2）。</translation>
    </message>
    <message>
        <source>The job failed (exit code %1).</source>
        <translation>任务失败（退出码 %1）。</translation>
    </message>
</context>
<context>
    <name>arml::ui::RunsPage</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>mIoU</source>
        <translation>mIoU</translation>
    </message>
    <message>
        <source>Select a run to see its settings and metrics; select two (Ctrl+click) to compare their curves.</source>
        <translation>选择一次运行以查看其设置和指标；选择两次运行（Ctrl+单击）可比较它们的曲线。</translation>
    </message>
    <message>
        <source>No runs yet. Jobs started on the Training page are recorded here.</source>
        <translation>暂无运行记录。在“训练”页面启动的任务会记录在这里。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>Open a project to see its runs.</source>
        <translation>打开项目以查看其运行记录。</translation>
    </message>
    <message>
        <source>Run %1 (%2, %3)</source>
        <translation>运行 %1（%2，%3）</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>文件夹：%1</translation>
    </message>
    <message>
        <source>Command: %1</source>
        <translation>命令：%1</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>设置：</translation>
    </message>
    <message>
        <source>Final metrics:</source>
        <translation>最终指标：</translation>
    </message>
    <message>
        <source>Only the first two selected runs are compared.</source>
        <translation>仅比较所选的前两次运行。</translation>
    </message>
</context>
<context>
    <name>arml::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>automatic (GPU when available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>automatic: %1</source>
        <translation>自动：%1</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Compute &amp;device:</source>
        <translation>计算设备(&amp;D)：</translation>
    </message>
    <message>
        <source>Compute &amp;threads:</source>
        <translation>计算线程(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Projects folder:</source>
        <translation>项目文件夹(&amp;P)：</translation>
    </message>
    <message>
        <source>D&amp;atasets folder:</source>
        <translation>数据集文件夹(&amp;A)：</translation>
    </message>
    <message>
        <source>`arml` &amp;program:</source>
        <translation>`arml` 程序(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language applies the next time ARML Studio starts.</source>
        <translation>新语言将在下次启动 ARML Studio 时生效。</translation>
    </message>
</context>
<context>
    <name>arml::ui::TrainingPage</name>
    <message>
        <source>Whole pipeline</source>
        <translation>完整流程</translation>
    </message>
    <message>
        <source>Stage 1: train the classifier</source>
        <translation>阶段 1：训练分类器</translation>
    </message>
    <message>
        <source>Pseudo masks (Grad-CAM)</source>
        <translation>伪掩膜（Grad-CAM）</translation>
    </message>
    <message>
        <source>Stage 2: train the segmenter</source>
        <translation>阶段 2：训练分割网络</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>paper (reference settings)</source>
        <translation>paper（参考设置）</translation>
    </message>
    <message>
        <source>cpu-demo (small and fast)</source>
        <translation>cpu-demo（小而快）</translation>
    </message>
    <message>
        <source>dataset root with train/, val/, test/</source>
        <translation>包含 train/、val/、test/ 的数据集根目录</translation>
    </message>
    <message>
        <source>checkpoint of a stage-1 or stage-2 run</source>
        <translation>阶段 1 或阶段 2 运行的检查点</translation>
    </message>
    <message>
        <source>folder of pseudo-mask PNGs</source>
        <translation>伪掩膜 PNG 文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Pseudo-mask folder</source>
        <translation>伪掩膜文件夹</translation>
    </message>
    <message>
        <source>Model checkpoint</source>
        <translation>模型检查点</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.params);;All files (*)</source>
        <translation>检查点 (*.pt *.pth *.params);;所有文件 (*)</translation>
    </message>
    <message>
        <source>ResNet38d (full, 105 M parameters)</source>
        <translation>ResNet38d（完整，1.05 亿参数）</translation>
    </message>
    <message>
        <source>ResNet38d lite (width / 8)</source>
        <translation>ResNet38d 精简版（宽度 / 8）</translation>
    </message>
    <message>
        <source>reference (as the published code)</source>
        <translation>reference（与公开代码一致）</translation>
    </message>
    <message>
        <source>intended (as the paper describes)</source>
        <translation>intended（按论文描述）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Grad-CAM layers, comma-separated: bn7, b5_2, b4_5</source>
        <translation>Grad-CAM 层，逗号分隔：bn7、b5_2、b4_5</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>&amp;Job:</source>
        <translation>任务(&amp;J)：</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>预设(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>数据集(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>输出(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Mas&amp;ks:</source>
        <translation>掩膜(&amp;K)：</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <source>ARS mode:</source>
        <translation>ARS 模式：</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>训练轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>批大小(&amp;B)：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>数据划分：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start the job (Ctrl+R)</source>
        <translation>开始任务（Ctrl+R）</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop: the job saves a checkpoint and exits (Ctrl+.)</source>
        <translation>停止：任务保存检查点后退出（Ctrl+.）</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Continue the last stopped run from its checkpoint</source>
        <translation>从检查点继续上次停止的运行</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the command line to the clipboard</source>
        <translation>将命令行复制到剪贴板</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>No job running.</source>
        <translation>没有正在运行的任务。</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Plot exported to %1</source>
        <translation>图表已导出到 %1</translation>
    </message>
    <message>
        <source>Could not export the plot to %1</source>
        <translation>无法将图表导出到 %1</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 图像…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing…</source>
        <translation>SVG 矢量图…</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table…</source>
        <translation>CSV 表格…</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>The job's messages appear here.</source>
        <translation>任务的输出信息显示在这里。</translation>
    </message>
    <message>
        <source>automatic: masks/&lt;new run&gt;</source>
        <translation>自动：masks/&lt;新运行&gt;</translation>
    </message>
    <message>
        <source>automatic: runs/&lt;new run&gt;</source>
        <translation>自动：runs/&lt;新运行&gt;</translation>
    </message>
    <message>
        <source>folder for checkpoints and results</source>
        <translation>用于保存检查点和结果的文件夹</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cannot start:&lt;/b&gt;</source>
        <translation>&lt;b&gt;无法开始：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>$ %1</source>
        <translation>$ %1</translation>
    </message>
    <message>
        <source>Cannot write the run record: %1</source>
        <translation>无法写入运行记录：%1</translation>
    </message>
    <message>
        <source>%1 · epoch %2/%3</source>
        <translation>%1 · 第 %2/%3 轮</translation>
    </message>
    <message>
        <source> · step %1/%2</source>
        <translation> · 第 %1/%2 步</translation>
    </message>
    <message>
        <source> · %1 images/s</source>
        <translation> · %1 张图像/秒</translation>
    </message>
    <message>
        <source> · loss %1</source>
        <translation> · 损失 %1</translation>
    </message>
    <message>
        <source>epoch %1 (%2): %3</source>
        <translation>第 %1 轮（%2）：%3</translation>
    </message>
    <message>
        <source>Cannot write metrics.csv: %1</source>
        <translation>无法写入 metrics.csv：%1</translation>
    </message>
    <message>
        <source>%1 · %2 of %3</source>
        <translation>%1 · %2 / %3</translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation> · 预计剩余 %1</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Stopped. Resume continues from the last checkpoint.</source>
        <translation>已停止。“继续”将从最后的检查点接着运行。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
</context>
<context>
    <name>arml::widgets::LossPlot</name>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation>损失（平滑）</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
</context>
</TS>